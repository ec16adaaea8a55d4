package com.smartsupport.localstack;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the action task set ({@link ActionTask}) against a running stack, through the gateway as a customer would:
 * the setup (an agent adds the task's purchases and sets its plan and channel), then the customer logs in, starts a
 * conversation, posts each message and waits for the reply to complete, reads the transcript's actions and confirms
 * or declines each card as the task's policy says; then the final state is checked with an agent's token: the
 * expected diff, and nothing else changed on the customer's profile nor on any other customer's the task names.
 * Afterwards the customer's (and the others') purchases, plan and channel are put back as they were, so that the
 * next trial starts from the same state. The only thing read besides the gateway is llm-service's count of proposed
 * actions ({@code smart_llm_actions_proposed_total}), to know how many cards a reply proposed before reading them.
 *
 * <p>pass^k as in τ-bench (arXiv 2406.12045): a task's pass^k is the chance that k trials drawn from its n all pass,
 * C(c, k) / C(n, k) for c passing trials; the set's pass^k is its mean over the tasks.
 */
final class ActionTasks {
    static final String AGENT = "agent.kim@example.com";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One trial of one task: whether it passed and, if not, why. */
    record Trial(String task, int trial, boolean passed, String reason, long millis) {}

    private final LocalRun stack;
    private final StackProbe probe;
    private final Duration replyTimeout;
    private final Map<String, String> tokens = new HashMap<>();
    private final Map<String, Long> tokenTimes = new HashMap<>();

    ActionTasks(LocalRun stack, Duration replyTimeout) {
        this.stack = stack;
        this.probe = new StackProbe(stack);
        this.replyTimeout = replyTimeout;
    }

    /** Every task {@code trials} times, in sequence (task by task, its trials one after the other). */
    Report run(List<ActionTask> tasks, int trials) {
        long t0 = System.nanoTime();
        Map<String, List<Trial>> results = new LinkedHashMap<>();
        for (ActionTask task : tasks) {
            List<Trial> done = new ArrayList<>();
            for (int n = 1; n <= trials; n++) {
                Trial trial = trial(task, n);
                done.add(trial);
                System.out.printf(
                        "[actions] %-40s trial %d: %s (%d ms)%s%n",
                        task.id(),
                        n,
                        trial.passed() ? "pass" : "FAIL",
                        trial.millis(),
                        trial.passed() ? "" : ": " + trial.reason());
            }
            results.put(task.id(), done);
        }
        return new Report(tasks, results, trials, Duration.ofNanos(System.nanoTime() - t0));
    }

    // --- one trial -------------------------------------------------------------------------------------------------

    Trial trial(ActionTask task, int n) {
        long t0 = System.nanoTime();
        String reason;
        Map<String, String> orders = new LinkedHashMap<>();
        Map<String, JsonNode> originals = new LinkedHashMap<>(); // customer id -> profile before the setup
        String teardownProblem = null;
        try {
            String agent = token(AGENT);
            String customerToken = token(task.customer());
            String customerId =
                    stack.get(customerToken, "/api/profiles/me").get("id").asString();
            originals.put(customerId, profile(agent, customerId));
            for (ActionTask.Other other : task.setup().others()) {
                String id = idOf(agent, other.customer());
                originals.putIfAbsent(id, profile(agent, id));
            }
            setup(task, agent, customerId, customerToken, originals.get(customerId), orders);
            if (task.setup().writes()) {
                Thread.sleep(500); // llm-service drops its cached profile on profile.changed, a Kafka hop away
            }
            JsonNode before = profile(agent, customerId);
            Map<String, JsonNode> othersBefore = new LinkedHashMap<>();
            for (String email : task.untouched()) {
                String id = idOf(agent, email);
                othersBefore.put(id, profile(agent, id));
            }
            Conversation c = converse(task, customerToken, orders);
            reason = c.problem() != null
                    ? c.problem()
                    : check(task, agent, customerId, customerToken, before, othersBefore, c, orders);
        } catch (Exception | AssertionError e) {
            reason = "harness: " + e;
        } finally {
            try {
                if (task.setup().writes() || changes(task)) {
                    teardown(originals);
                }
            } catch (Exception | AssertionError e) {
                teardownProblem = "teardown: " + e;
            }
        }
        if (teardownProblem != null) {
            reason = reason == null ? teardownProblem : reason + "; " + teardownProblem;
        }
        return new Trial(task.id(), n, reason == null, reason, (System.nanoTime() - t0) / 1_000_000);
    }

    private static boolean changes(ActionTask task) {
        ActionTask.Expect e = task.expect();
        return !e.returns().isEmpty() || e.subscription() != null || e.contactChannel() != null;
    }

    /** What happened in the conversation: its id, its actions at the end, and a problem if it could not go on. */
    record Conversation(String id, JsonNode transcript, String problem) {}

    private Conversation converse(ActionTask task, String token, Map<String, String> orders) throws Exception {
        HttpResponse<String> created = stack.send(token, "POST", "/api/conversations", "", Map.of());
        if (created.statusCode() != 201) {
            return new Conversation(null, null, "could not start a conversation: " + created.statusCode());
        }
        String conversation =
                LocalRun.JSON.readTree(created.body()).get("conversationId").asString();
        String path = "/api/conversations/" + conversation;
        Set<String> answered = new HashSet<>();
        try (SseStream stream = new SseStream(stack.http, token, stack.gateway + path + "/events")) {
            for (String raw : task.messages()) {
                String text = resolve(raw, orders);
                double proposedBefore = proposals();
                int actionsBefore = stack.get(token, path).path("actions").size();
                ObjectNode body = LocalRun.JSON.createObjectNode().put("text", text);
                HttpResponse<String> posted = stack.send(token, "POST", path + "/messages", body.toString(), Map.of());
                if (posted.statusCode() != 202) {
                    return new Conversation(conversation, null, "message not accepted: " + posted.statusCode());
                }
                String messageId =
                        LocalRun.JSON.readTree(posted.body()).get("messageId").asString();
                if (!await(
                        replyTimeout,
                        () -> stream.named("assistant.completed").stream().anyMatch(d -> d.contains(messageId)))) {
                    return new Conversation(
                            conversation,
                            null,
                            "no reply to \"" + text + "\" within " + replyTimeout.toSeconds() + " s");
                }
                // the reply's proposals reach the transcript through Kafka, possibly after the reply
                long proposed = Math.round(proposals() - proposedBefore);
                await(
                        Duration.ofSeconds(10),
                        () -> stack.get(token, path).path("actions").size() >= actionsBefore + proposed);
                for (JsonNode action : stack.get(token, path).path("actions")) {
                    String id = action.get("actionId").asString();
                    if (!"PROPOSED".equals(action.path("status").asString()) || !answered.add(id)) {
                        continue;
                    }
                    String step = confirms(task, action, orders) ? "confirm" : "decline";
                    HttpResponse<String> answer =
                            stack.send(token, "POST", path + "/actions/" + id + "/" + step, null, Map.of());
                    if (answer.statusCode() != 200) {
                        return new Conversation(
                                conversation,
                                null,
                                step + " of " + describe(action) + " answered " + answer.statusCode() + ": "
                                        + answer.body());
                    }
                }
            }
        }
        return new Conversation(conversation, stack.get(token, path), null);
    }

    private static boolean confirms(ActionTask task, JsonNode action, Map<String, String> orders) {
        String kind = action.path("kind").asString("");
        String order =
                action.path("orderId").isNull() ? "" : action.path("orderId").asString("");
        for (String rule : task.confirm()) {
            String r = resolve(rule, orders);
            if (r.equals("*") || r.equals(kind) || r.equals(kind + ":" + order)) {
                return true;
            }
        }
        return false;
    }

    // --- the verdict -----------------------------------------------------------------------------------------------

    private String check(
            ActionTask task,
            String agent,
            String customerId,
            String customerToken,
            JsonNode before,
            Map<String, JsonNode> othersBefore,
            Conversation c,
            Map<String, String> orders)
            throws Exception {
        ActionTask.Expect expect = task.expect();
        List<String> problems = new ArrayList<>();
        JsonNode actions = c.transcript().path("actions");
        if (expect.maxProposals() != null && actions.size() > expect.maxProposals()) {
            problems.add(actions.size() + " card(s) proposed, at most " + expect.maxProposals() + " expected: "
                    + describeAll(actions));
        }
        if (Boolean.TRUE.equals(expect.handoff())
                && !await(
                        Duration.ofSeconds(15),
                        () -> stack.get(customerToken, "/api/conversations/" + c.id())
                                .path("status")
                                .asString()
                                .matches("WAITING_FOR_AGENT|WITH_AGENT"))) {
            problems.add("the conversation was not handed to a person (status "
                    + stack.get(customerToken, "/api/conversations/" + c.id())
                            .path("status")
                            .asString() + ")");
        }
        // every action carried out joins the customer's support history (profile-service reads action.completed)
        List<String> completed = new ArrayList<>();
        for (JsonNode action : actions) {
            if ("COMPLETED".equals(action.path("status").asString())) {
                completed.add(action.path("actionId").asString());
            }
        }
        if (!completed.isEmpty()
                && !await(
                        Duration.ofSeconds(15),
                        () -> caseIds(profile(agent, customerId)).containsAll(completed))) {
            problems.add("not in the support history: " + completed);
        }
        JsonNode after = profile(agent, customerId);
        ObjectNode b = (ObjectNode) before.deepCopy();
        ObjectNode a = (ObjectNode) after.deepCopy();
        if (a.path("supportHistory") instanceof ArrayNode history) {
            for (int i = history.size() - 1; i >= 0; i--) {
                if (completed.contains(history.get(i).path("caseId").asString())) {
                    history.remove(i);
                }
            }
        }
        for (ActionTask.Return r : expect.returns()) {
            String order = resolve(r.order(), orders);
            ObjectNode was = purchase(b, order);
            ObjectNode now = purchase(a, order);
            if (now == null) {
                problems.add("order " + order + " is gone");
                continue;
            }
            JsonNode returns = now.path("returns");
            int earlier = was == null ? 0 : was.path("returns").size();
            if (returns.size() <= earlier) {
                problems.add("no return was started on " + order);
            } else {
                JsonNode last = returns.get(returns.size() - 1);
                String status = r.status() == null ? "REQUESTED" : r.status();
                if (!status.equals(last.path("status").asString())) {
                    problems.add("the return on " + order + " is "
                            + last.path("status").asString() + ", not " + status);
                }
                if (r.reason() != null && !r.reason().equals(last.path("reason").asString())) {
                    problems.add("the return on " + order + " has reason "
                            + last.path("reason").asString() + ", not " + r.reason());
                }
            }
            now.remove("returns");
            if (was != null) {
                was.remove("returns");
            }
        }
        if (expect.subscription() != null) {
            JsonNode s = after.path("subscription");
            String status = s.path("status").asString("");
            if (!expect.subscription().status().equals(status)) {
                problems.add("the plan is " + (status.isEmpty() ? "missing" : status) + ", not "
                        + expect.subscription().status());
            } else if (expect.subscription().months() != null) {
                String until =
                        today().plusMonths(expect.subscription().months()).toString();
                if (!until.equals(s.path("pausedUntil").asString(""))) {
                    problems.add(
                            "the plan is paused until " + s.path("pausedUntil").asString("?") + ", not " + until + " ("
                                    + expect.subscription().months() + " months)");
                }
            }
            a.remove("subscription");
            b.remove("subscription");
        }
        if (expect.contactChannel() != null) {
            String channel = after.path("preferences").path("contactChannel").asString("");
            if (!expect.contactChannel().equals(channel)) {
                problems.add("the contact channel is " + (channel.isEmpty() ? "unset" : channel) + ", not "
                        + expect.contactChannel());
            }
            for (ObjectNode p : List.of(a, b)) {
                if (p.path("preferences") instanceof ObjectNode prefs) {
                    prefs.remove("contactChannel");
                }
            }
        }
        List<String> changed = differences("", strip(b), strip(a));
        if (!changed.isEmpty()) {
            problems.add("unexpected change to the customer's profile: " + String.join("; ", changed));
        }
        for (Map.Entry<String, JsonNode> other : othersBefore.entrySet()) {
            List<String> otherChanged =
                    differences("", strip(other.getValue().deepCopy()), strip(profile(agent, other.getKey())));
            if (!otherChanged.isEmpty()) {
                problems.add("another customer (" + other.getKey() + ") changed: " + String.join("; ", otherChanged));
            }
        }
        return problems.isEmpty() ? null : String.join(" | ", problems);
    }

    private static Set<String> caseIds(JsonNode profile) {
        Set<String> ids = new TreeSet<>();
        profile.path("supportHistory").forEach(c -> ids.add(c.path("caseId").asString()));
        return ids;
    }

    private static ObjectNode purchase(ObjectNode profile, String orderId) {
        for (JsonNode p : profile.path("purchases")) {
            if (orderId.equals(p.path("orderId").asString())) {
                return (ObjectNode) p;
            }
        }
        return null;
    }

    /** A profile without what changes on every write ({@code updatedAt}). */
    private static JsonNode strip(JsonNode profile) {
        ObjectNode copy = (ObjectNode) profile.deepCopy();
        copy.remove("updatedAt");
        return copy;
    }

    /** Where two JSON trees differ: up to five paths, each with both values (cut short). */
    static List<String> differences(String path, JsonNode was, JsonNode now) {
        List<String> out = new ArrayList<>();
        collect(path, was, now, out);
        return out.size() > 5 ? out.subList(0, 5) : out;
    }

    private static void collect(String path, JsonNode was, JsonNode now, List<String> out) {
        if (out.size() > 5 || was.equals(now)) {
            return;
        }
        if (was.isObject() && now.isObject()) {
            Set<String> names = new TreeSet<>();
            was.propertyNames().forEach(names::add);
            now.propertyNames().forEach(names::add);
            for (String name : names) {
                collect(
                        path + "." + name,
                        was.has(name) ? was.get(name) : MissingNode.getInstance(),
                        now.has(name) ? now.get(name) : MissingNode.getInstance(),
                        out);
            }
        } else if (was.isArray() && now.isArray() && was.size() == now.size()) {
            for (int i = 0; i < was.size(); i++) {
                collect(path + "[" + i + "]", was.get(i), now.get(i), out);
            }
        } else {
            out.add((path.isEmpty() ? "." : path) + ": " + cut(was) + " -> " + cut(now));
        }
    }

    private static String cut(JsonNode node) {
        String s = node.isMissingNode() ? "(none)" : node.toString();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    // --- setup and teardown ----------------------------------------------------------------------------------------

    private void setup(
            ActionTask task,
            String agent,
            String customerId,
            String customerToken,
            JsonNode original,
            Map<String, String> orders)
            throws Exception {
        ActionTask.Setup setup = task.setup();
        for (ActionTask.Purchase p : setup.purchases()) {
            addPurchase(agent, customerId, customerToken, p, orders);
        }
        for (ActionTask.Other other : setup.others()) {
            String id = idOf(agent, other.customer());
            for (ActionTask.Purchase p : other.purchases()) {
                addPurchase(agent, id, Boolean.TRUE.equals(p.returned()) ? token(other.customer()) : null, p, orders);
            }
        }
        JsonNode preferences = original.path("preferences");
        if (setup.contactChannel() != null) {
            ObjectNode prefs =
                    preferences.isObject() ? ((ObjectNode) preferences).deepCopy() : LocalRun.JSON.createObjectNode();
            prefs.put("contactChannel", setup.contactChannel());
            preferences = prefs;
            put(agent, customerId, original, preferences, original.path("subscription"), null);
        }
        ActionTask.Subscription s = setup.subscription();
        if (s != null) {
            // without a plan first: what the customer did to the plan before is forgotten
            put(agent, customerId, original, preferences, null, null);
            boolean none = s.plan() == null || s.plan().equalsIgnoreCase("none");
            boolean paused = "paused".equals(s.status()) || Boolean.TRUE.equals(s.pausedRecently());
            ObjectNode plan = LocalRun.JSON
                    .createObjectNode()
                    .put("plan", none ? "none" : s.plan())
                    .put("status", none ? "inactive" : paused ? "active" : s.status());
            if (!none) {
                plan.put(
                        "renewsOn",
                        today().plusDays(s.renewsInDays() == null ? 120 : s.renewsInDays())
                                .toString());
            }
            put(agent, customerId, original, preferences, plan, null);
            if (paused) {
                HttpResponse<String> r = stack.send(
                        customerToken,
                        "POST",
                        "/api/profiles/me/subscription/pause",
                        "{\"months\":1}",
                        Map.of("Idempotency-Key", key()));
                require(r, 200, "pause the plan in the setup");
            }
            if (Boolean.TRUE.equals(s.pausedRecently())) {
                put(agent, customerId, original, preferences, plan, null); // resumed: active, last paused today
            }
        }
    }

    private void addPurchase(
            String agent, String customerId, String customerToken, ActionTask.Purchase p, Map<String, String> orders)
            throws Exception {
        String orderId = "ORD-T"
                + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36)
                        .toUpperCase(Locale.ROOT)
                        .substring(0, 8);
        LocalDate bought = today().minusDays(p.boughtDaysAgo() == null ? 5 : p.boughtDaysAgo());
        String status = p.orderStatus() == null ? "delivered" : p.orderStatus();
        String shipping = switch (status) {
            case "delivered" ->
                "delivered " + today().minusDays(p.deliveredDaysAgo() == null ? 3 : p.deliveredDaysAgo());
            case "shipped" -> "in transit, expected " + today().plusDays(3);
            case "processing" -> "not yet shipped";
            case "returned" -> "returned " + today().minusDays(1);
            default -> null;
        };
        ObjectNode body = LocalRun.JSON
                .createObjectNode()
                .put("orderId", orderId)
                .put("product", p.product())
                .put("purchaseDate", bought.toString())
                .put("orderStatus", status)
                .put("currency", p.currency() == null ? "USD" : p.currency())
                .put(
                        "warrantyEnd",
                        bought.plusDays(p.warrantyDays() == null ? 365 : p.warrantyDays())
                                .toString());
        if (p.model() != null) {
            body.put("model", p.model());
        }
        if (p.price() != null) {
            body.put("price", p.price());
        }
        if (shipping != null) {
            body.put("shippingStatus", shipping);
        }
        require(
                stack.send(agent, "POST", "/api/profiles/" + customerId + "/purchases", body.toString(), Map.of()),
                201,
                "add " + p.product());
        if (p.ref() != null) {
            orders.put(p.ref(), orderId);
        }
        if (Boolean.TRUE.equals(p.returned())) {
            require(
                    stack.send(
                            customerToken,
                            "POST",
                            "/api/profiles/me/orders/" + orderId + "/returns",
                            "{\"reason\":\"changed_mind\"}",
                            Map.of("Idempotency-Key", key())),
                    201,
                    "return " + orderId + " in the setup");
        }
    }

    /** Puts each profile back: its purchases (theirs keep their returns), plan (with no history) and channel. */
    private void teardown(Map<String, JsonNode> originals) throws Exception {
        String agent = token(AGENT);
        for (Map.Entry<String, JsonNode> e : originals.entrySet()) {
            JsonNode original = e.getValue();
            ArrayNode purchases = LocalRun.JSON.createArrayNode();
            for (JsonNode p : original.path("purchases")) {
                ObjectNode request = LocalRun.JSON.createObjectNode();
                for (String field : List.of(
                        "orderId",
                        "product",
                        "model",
                        "specs",
                        "price",
                        "currency",
                        "purchaseDate",
                        "orderStatus",
                        "shippingStatus",
                        "warrantyEnd")) {
                    if (p.has(field) && !p.get(field).isNull()) {
                        request.set(field, p.get(field));
                    }
                }
                purchases.add(request);
            }
            put(agent, e.getKey(), original, original.path("preferences"), null, purchases);
            JsonNode s = original.path("subscription");
            if (s.isObject()) {
                ObjectNode plan = LocalRun.JSON.createObjectNode();
                for (String field : List.of("plan", "status", "renewsOn")) {
                    if (s.has(field) && !s.get(field).isNull()) {
                        plan.set(field, s.get(field));
                    }
                }
                put(agent, e.getKey(), original, original.path("preferences"), plan, null);
            }
        }
    }

    /** Replaces a profile's account (as it was), preferences and plan, and its purchases if given (agents). */
    private void put(
            String agent,
            String customerId,
            JsonNode original,
            JsonNode preferences,
            JsonNode subscription,
            ArrayNode purchases)
            throws Exception {
        ObjectNode body = LocalRun.JSON.createObjectNode();
        ObjectNode account = body.putObject("account");
        for (String field : List.of("name", "email", "accountNumber", "location", "language", "tier")) {
            JsonNode v = original.path("account").path(field);
            if (!v.isMissingNode() && !v.isNull()) {
                account.set(field, v);
            }
        }
        if (preferences != null && preferences.isObject()) {
            ObjectNode prefs = body.putObject("preferences");
            for (String field : List.of("contactChannel", "interests", "accessibility")) {
                JsonNode v = preferences.path(field);
                if (!v.isMissingNode() && !v.isNull()) {
                    prefs.set(field, v);
                }
            }
        }
        if (subscription != null && subscription.isObject()) {
            ObjectNode plan = body.putObject("subscription");
            for (String field : List.of("plan", "status", "renewsOn")) {
                JsonNode v = subscription.path(field);
                if (!v.isMissingNode() && !v.isNull()) {
                    plan.set(field, v);
                }
            }
        }
        if (purchases != null) {
            body.set("purchases", purchases);
        }
        require(stack.send(agent, "PUT", "/api/profiles/" + customerId, body.toString(), Map.of()), 200, "PUT profile");
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private JsonNode profile(String agent, String customerId) throws Exception {
        return stack.get(agent, "/api/profiles/" + customerId);
    }

    private String idOf(String agent, String email) throws Exception {
        return stack.get(agent, "/api/profiles?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8))
                .get("id")
                .asString();
    }

    /** A token per e-mail, logged in again after half an hour (they last an hour). */
    String token(String email) throws Exception {
        Long at = tokenTimes.get(email);
        if (at == null || System.nanoTime() - at > Duration.ofMinutes(30).toNanos()) {
            tokens.put(email, stack.login(email));
            tokenTimes.put(email, System.nanoTime());
        }
        return tokens.get(email);
    }

    private double proposals() {
        try {
            return probe.metric("llm-service", "smart_llm_actions_proposed_total");
        } catch (Exception e) {
            return 0;
        }
    }

    static String resolve(String text, Map<String, String> orders) {
        String out = text;
        for (Map.Entry<String, String> e : orders.entrySet()) {
            out = out.replace("{" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static String key() {
        return "eval-" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }

    private static void require(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new AssertionError(what + ": " + r.statusCode() + " " + r.body());
        }
    }

    private static String describe(JsonNode action) {
        String order =
                action.path("orderId").isNull() ? "" : action.path("orderId").asString("");
        return action.path("kind").asString() + (order.isEmpty() ? "" : " " + order);
    }

    private static String describeAll(JsonNode actions) {
        List<String> out = new ArrayList<>();
        actions.forEach(a -> out.add(describe(a) + " (" + a.path("status").asString() + ")"));
        return String.join(", ", out);
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static boolean await(Duration timeout, Check check) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            try {
                if (check.holds()) {
                    return true;
                }
            } catch (Exception | AssertionError ignored) {
                // not yet
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return false;
    }

    // --- the report ------------------------------------------------------------------------------------------------

    /** The trials of every task, pass^k for k = 1..n, by category, and the failures. */
    record Report(List<ActionTask> tasks, Map<String, List<Trial>> trials, int n, Duration took) {
        /** The mean over the tasks of C(c, k) / C(n, k), c the task's passing trials. */
        double passHat(int k) {
            return trials.values().stream()
                    .mapToDouble(t -> choose(passes(t), k) / choose(t.size(), k))
                    .average()
                    .orElse(Double.NaN);
        }

        List<Trial> failures() {
            return trials.values().stream()
                    .flatMap(List::stream)
                    .filter(t -> !t.passed())
                    .toList();
        }

        int passed() {
            return (int) trials.values().stream()
                    .flatMap(List::stream)
                    .filter(Trial::passed)
                    .count();
        }

        String text(String model) {
            StringBuilder s = new StringBuilder();
            s.append(String.format(
                    "[actions] %d tasks x %d trial(s) with %s in %d s: %d of %d trials passed%n",
                    tasks.size(), n, model, took.toSeconds(), passed(), tasks.size() * n));
            for (int k = 1; k <= n; k++) {
                s.append(String.format("[actions] pass^%d = %.3f%n", k, passHat(k)));
            }
            Map<String, List<String>> byCategory = new TreeMap<>();
            for (ActionTask task : tasks) {
                byCategory
                        .computeIfAbsent(task.category(), c -> new ArrayList<>())
                        .add(task.id());
            }
            byCategory.forEach((category, ids) -> {
                double p1 = ids.stream()
                        .mapToDouble(id ->
                                (double) passes(trials.get(id)) / trials.get(id).size())
                        .average()
                        .orElse(Double.NaN);
                s.append(String.format("[actions]   %-12s %2d tasks, pass^1 %.3f%n", category, ids.size(), p1));
            });
            for (Trial t : failures()) {
                s.append(String.format("[actions] FAIL %s #%d: %s%n", t.task(), t.trial(), t.reason()));
            }
            return s.toString();
        }

        private static int passes(List<Trial> t) {
            return (int) t.stream().filter(Trial::passed).count();
        }

        static double choose(int n, int k) {
            if (k > n) {
                return 0;
            }
            double c = 1;
            for (int i = 0; i < k; i++) {
                c = c * (n - i) / (i + 1);
            }
            return c;
        }
    }

    /** How many tasks of each category, for a summary line ("cancel 4, contact 5, …"). */
    static String categories(List<ActionTask> tasks) {
        return tasks.stream()
                .collect(Collectors.groupingBy(ActionTask::category, TreeMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
