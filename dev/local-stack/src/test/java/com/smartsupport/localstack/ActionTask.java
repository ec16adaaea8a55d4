package com.smartsupport.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One scripted customer task of the action task set ({@code action-tasks.json}), in the spirit of τ-bench's retail
 * domain: who the customer is, what the task's setup adds to the demo data (dates relative to today), what the
 * customer writes, which cards they confirm (every other card is declined), the expected final state of the data as
 * a small diff of the customer's profile, and what must not happen. Order ids the setup creates are named by
 * {@code {ref}} in messages, the policy and the expectations.
 *
 * @param untouched other customers (e-mails) whose profiles must not change at all
 */
record ActionTask(
        String id,
        String category,
        String customer,
        Setup setup,
        List<String> messages,
        List<String> confirm,
        Expect expect,
        List<String> untouched,
        String note) {

    ActionTask {
        setup = setup == null ? new Setup(null, null, null, null) : setup;
        confirm = confirm == null ? List.of() : confirm;
        expect = expect == null ? new Expect(null, null, null, null, null) : expect;
        untouched = untouched == null ? List.of() : untouched;
    }

    /** The same task with another card policy (for checking that the harness sees what must not happen). */
    ActionTask confirming(List<String> rules) {
        return new ActionTask(
                id + "-confirming-" + rules, category, customer, setup, messages, rules, expect, untouched, note);
    }

    /**
     * @param subscription   the plan the customer starts with (fresh: never paused before, unless it says so)
     * @param contactChannel the channel the customer starts with
     * @param others         purchases added to other customers (whose order ids the messages may name)
     */
    record Setup(List<Purchase> purchases, Subscription subscription, String contactChannel, List<Other> others) {
        Setup {
            purchases = purchases == null ? List.of() : purchases;
            others = others == null ? List.of() : others;
        }

        boolean writes() {
            return !purchases.isEmpty() || subscription != null || contactChannel != null || !others.isEmpty();
        }
    }

    /**
     * A purchase the setup adds through the agent API under a new order id.
     *
     * @param orderStatus      delivered (default), shipped, processing, returned or cancelled
     * @param deliveredDaysAgo for a delivered order: its shipping status is {@code delivered <today - days>}
     * @param returned         a return is already under way (the customer requested it before the task)
     */
    record Purchase(
            String ref,
            String product,
            String model,
            BigDecimal price,
            String currency,
            Integer boughtDaysAgo,
            Integer deliveredDaysAgo,
            String orderStatus,
            Integer warrantyDays,
            Boolean returned) {}

    /**
     * @param status        active, inactive, cancelled, or paused (paused for a month by the customer today)
     * @param pausedRecently the plan is active but was paused and resumed today (so it cannot be paused again)
     */
    record Subscription(String plan, String status, Integer renewsInDays, Boolean pausedRecently) {}

    record Other(String customer, List<Purchase> purchases) {}

    /**
     * The final state: only what changes is named; everything else on the customer's profile must be as it was.
     *
     * @param returns        orders that end with a return in the status named (REQUESTED), for the reason if named
     * @param subscription   the plan's status at the end, and for a pause its months
     * @param contactChannel the channel at the end
     * @param handoff        the conversation waits for (or is with) a person
     * @param maxProposals   at most this many cards may be proposed in the conversation (0: none may be)
     */
    record Expect(
            List<Return> returns,
            SubscriptionState subscription,
            String contactChannel,
            Boolean handoff,
            Integer maxProposals) {
        Expect {
            returns = returns == null ? List.of() : returns;
        }
    }

    record Return(String order, String status, String reason) {}

    record SubscriptionState(String status, Integer months) {}

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The task set from the class path ({@code action-tasks.json}); ids are unique. */
    static List<ActionTask> load() {
        try (InputStream in = ActionTask.class.getResourceAsStream("/action-tasks.json")) {
            if (in == null) {
                throw new IllegalStateException("action-tasks.json is not on the class path");
            }
            JsonNode root = JSON.readTree(in);
            List<ActionTask> tasks = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (JsonNode node : root.get("tasks")) {
                ActionTask task = JSON.treeToValue(node, ActionTask.class);
                if (!ids.add(task.id())) {
                    throw new IllegalStateException("two tasks are called " + task.id());
                }
                tasks.add(task);
            }
            return tasks;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
