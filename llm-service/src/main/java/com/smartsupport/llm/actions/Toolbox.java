package com.smartsupport.llm.actions;

import com.smartsupport.llm.conversation.Transcript;
import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.profile.CustomerProfile.Purchase;
import com.smartsupport.llm.resilience.ModelTools;
import com.smartsupport.platform.events.ActionEvent;
import com.smartsupport.platform.events.ActionEvent.Money;
import com.smartsupport.platform.events.HandoffRequested;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.tool.definition.ToolDefinition;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tools of one reply, bound to the conversation's own customer: whatever order id the model (or a message
 * quoted to it) names, only this customer's orders are found; writes are proposed, never done. Counts what the
 * reply proposed and whether a tool failed.
 */
public final class Toolbox implements ModelTools {
    private static final Logger log = LoggerFactory.getLogger(Toolbox.class);
    static final String OUT_OF_ROUNDS = "I'm sorry, I couldn't finish that here. Press \"Talk to a person\" and an"
            + " agent will take it from here.";
    private static final Set<String> RETURN_REASONS =
            Set.of("changed_mind", "faulty", "damaged", "wrong_item", "other");
    private static final Set<String> CHANNELS = Set.of("email", "chat", "phone", "sms");

    /** Whom and what the tools act for: never taken from the model's arguments. */
    public record Scope(
            String conversationId,
            String customerId,
            String replyId,
            CustomerProfile profile,
            Transcript history,
            String language) {}

    private final Scope scope;
    private final AccountTools tools;
    private final ActionsProperties properties;
    private final JsonMapper json;
    private final long started = System.nanoTime();
    private final AtomicInteger proposed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicBoolean handedOff = new AtomicBoolean();
    private final AtomicBoolean ranOut = new AtomicBoolean();

    Toolbox(Scope scope, AccountTools tools, ActionsProperties properties, JsonMapper json) {
        this.scope = scope;
        this.tools = tools;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public List<ToolDefinition> definitions() {
        return properties.enabled() ? AccountTool.definitions() : List.of();
    }

    @Override
    public boolean mayCallMore(int roundsDone) {
        return roundsDone < properties.maxToolRounds()
                && Duration.ofNanos(System.nanoTime() - started).compareTo(properties.toolTime()) < 0;
    }

    /** Also notes that the model ran out of rounds: the reply then hands the conversation to a person. */
    @Override
    public String outOfRounds() {
        ranOut.set(true);
        return OUT_OF_ROUNDS;
    }

    /** Whether the model still asked for tools after its last round. */
    public boolean ranOutOfRounds() {
        return ranOut.get();
    }

    /** Tool calls that failed in this reply (a service did not answer). */
    public int failures() {
        return failed.get();
    }

    /** Whether this reply handed the conversation to a person. */
    public boolean handedOff() {
        return handedOff.get();
    }

    @Override
    public Mono<String> call(String name, String arguments) {
        Optional<AccountTool> tool = AccountTool.named(name);
        if (tool.isEmpty()) {
            return Mono.just(answer(Map.of("error", "There is no tool called " + name + ".")));
        }
        JsonNode args;
        try {
            args = arguments == null || arguments.isBlank() ? json.createObjectNode() : json.readTree(arguments);
        } catch (RuntimeException e) {
            return Mono.just(answer(Map.of("error", "The arguments are not valid JSON.")));
        }
        return guarded(name, run(tool.get(), args)).map(this::forModel);
    }

    /**
     * A tool's work within {@link ActionsProperties#toolTimeout()}; a failure (a service down, too slow) becomes
     * an honest {@link Outcome.Failed} and is counted.
     */
    Mono<Outcome> guarded(String name, Mono<Outcome> work) {
        return work.timeout(properties.toolTimeout())
                .onErrorResume(e -> {
                    log.warn("tool {} failed in {}: {}", name, scope.replyId(), e.toString());
                    return Mono.just(new Outcome.Failed(
                            "The shop's systems did not answer, so this could not be checked or done right now."));
                })
                .doOnNext(outcome -> {
                    if (outcome instanceof Outcome.Failed) {
                        failed.incrementAndGet();
                    }
                });
    }

    private Mono<Outcome> run(AccountTool tool, JsonNode args) {
        return switch (tool) {
            case ORDER_STATUS -> Mono.just(order(args).map(this::orderStatus).orElseGet(() -> notFound(args)));
            case WARRANTY_STATUS -> Mono.just(order(args).map(this::warranty).orElseGet(() -> notFound(args)));
            case RETURN_ELIGIBILITY ->
                order(args).map(this::returnEligibility).orElseGet(() -> Mono.just(notFound(args)));
            case SUBSCRIPTION_DETAILS -> Mono.just(subscription());
            case START_RETURN -> startReturn(text(args, "orderId"), text(args, "reason"));
            case PAUSE_SUBSCRIPTION -> pauseSubscription(args.path("months").asInt(0));
            case CANCEL_SUBSCRIPTION -> cancelSubscription();
            case CHANGE_CONTACT_PREFERENCE -> changeContact(text(args, "channel"));
            case ASK_FOR_HUMAN -> askForHuman(text(args, "why"), text(args, "reason"));
        };
    }

    // ---- reads: from the customer's own profile, or profile-service for the customer's own order

    private Optional<Purchase> order(JsonNode args) {
        return findOrder(text(args, "orderId"));
    }

    Optional<Purchase> findOrder(String orderId) {
        if (orderId == null || scope.profile() == null) {
            return Optional.empty();
        }
        String wanted = orderId.trim();
        return scope.profile().purchases().stream()
                .filter(p -> p.orderId() != null && p.orderId().equalsIgnoreCase(wanted))
                .findFirst();
    }

    private Outcome orderStatus(Purchase p) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("orderId", p.orderId());
        facts.put("product", p.product());
        facts.put("orderStatus", p.orderStatus());
        facts.put("shippingStatus", p.shippingStatus());
        facts.put("purchaseDate", p.purchaseDate());
        return new Outcome.Read(facts);
    }

    private Outcome warranty(Purchase p) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("orderId", p.orderId());
        facts.put("product", p.product());
        facts.put("warrantyEnd", p.warrantyEnd());
        facts.put("underWarranty", p.warrantyEnd() != null && !p.warrantyEnd().isBefore(tools.today()));
        return new Outcome.Read(facts);
    }

    private Mono<Outcome> returnEligibility(Purchase p) {
        return tools.eligibility(scope.customerId(), p.orderId())
                .map(e -> {
                    Map<String, Object> facts = new LinkedHashMap<>();
                    facts.put("orderId", e.orderId());
                    facts.put("product", e.product());
                    facts.put("eligible", e.eligible());
                    facts.put("reason", e.reason());
                    facts.put("explanation", e.explanation());
                    facts.put("returnBy", e.returnBy());
                    facts.put("refundAmount", e.refundAmount());
                    facts.put("currency", e.currency());
                    facts.put("returnShippingFee", e.returnShippingFee());
                    facts.put("feeNote", e.feeNote());
                    return (Outcome) new Outcome.Read(facts);
                })
                .defaultIfEmpty(notFound(p.orderId()));
    }

    private Outcome subscription() {
        CustomerProfile.Subscription s =
                scope.profile() == null ? null : scope.profile().subscription();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("plan", s == null ? null : s.plan());
        facts.put("status", s == null ? null : s.status());
        facts.put("renewsOn", s == null ? null : s.renewsOn());
        return new Outcome.Read(facts);
    }

    // ---- writes: proposed only

    /** Proposes a return of one of the customer's orders if profile-service says it can be returned. */
    public Mono<Outcome> startReturn(String orderId, String reason) {
        Optional<Purchase> purchase = findOrder(orderId);
        if (purchase.isEmpty()) {
            return Mono.just(notFound(orderId));
        }
        String why = reason != null && RETURN_REASONS.contains(reason) ? reason : "other";
        Purchase p = purchase.get();
        return limit().map(Mono::just)
                .orElseGet(() -> tools.eligibility(scope.customerId(), p.orderId())
                        .flatMap(e -> {
                            if (!e.eligible()) {
                                return Mono.just((Outcome) new Outcome.Refused(e.explanation()));
                            }
                            String refund = e.refundAmount() == null
                                    ? ""
                                    : " for a refund of " + money(e.refundAmount(), e.currency())
                                            + " to your original payment method";
                            Money fee = e.returnShippingFee() == null
                                            || e.returnShippingFee().signum() == 0
                                    ? null
                                    : new Money(e.returnShippingFee(), e.currency());
                            return propose(
                                    "start_return",
                                    Map.of("orderId", p.orderId(), "reason", why),
                                    "Start a return",
                                    "Return the " + p.product() + " from order " + p.orderId() + refund + "."
                                            + (e.returnBy() == null ? "" : " Returnable until " + e.returnBy() + "."),
                                    p.orderId(),
                                    fee,
                                    fee == null ? null : e.feeNote());
                        })
                        .defaultIfEmpty(notFound(orderId)));
    }

    public Mono<Outcome> pauseSubscription(int months) {
        if (months < 1 || months > 3) {
            return Mono.just(new Outcome.Refused("A plan can be paused for 1, 2 or 3 months."));
        }
        CustomerProfile.Subscription s = activeSubscription();
        if (s == null) {
            return Mono.just(new Outcome.Refused("There is no active plan to pause on this account."));
        }
        // the pause rule of profile-service, which decides: checked first so that no card is offered that must fail
        if (s.lastPausedOn() != null && tools.today().isBefore(s.lastPausedOn().plusMonths(12))) {
            return Mono.just(new Outcome.Refused("A plan can be paused once in any 12 months; this one was last paused"
                    + " on " + s.lastPausedOn() + ", so it can be paused again from "
                    + s.lastPausedOn().plusMonths(12) + "."));
        }
        String span = months == 1 ? "1 month" : months + " months";
        return limit().map(Mono::just)
                .orElseGet(() -> propose(
                        "pause_subscription",
                        Map.of("months", Integer.toString(months)),
                        "Pause " + s.plan(),
                        "Pause your " + s.plan() + " plan for " + span + ": you are not charged and its benefits are"
                                + " suspended meanwhile; your renewal date moves " + span + " later.",
                        null,
                        null,
                        null));
    }

    public Mono<Outcome> cancelSubscription() {
        CustomerProfile.Subscription s =
                scope.profile() == null ? null : scope.profile().subscription();
        if (s == null || s.plan() == null || "none".equalsIgnoreCase(s.plan()) || !isActiveOrPaused(s)) {
            return Mono.just(new Outcome.Refused("There is no active plan to cancel on this account."));
        }
        return limit().map(Mono::just)
                .orElseGet(() -> propose(
                        "cancel_subscription",
                        Map.of(),
                        "Cancel " + s.plan(),
                        "Cancel your " + s.plan() + " plan. You are not charged again"
                                + (s.renewsOn() == null ? "." : "; its benefits stay until " + s.renewsOn() + "."),
                        null,
                        null,
                        null));
    }

    public Mono<Outcome> changeContact(String channel) {
        String wanted = channel == null ? "" : channel.trim().toLowerCase(Locale.ROOT);
        if (!CHANNELS.contains(wanted)) {
            return Mono.just(new Outcome.Refused("We can contact you by e-mail, chat, phone or SMS."));
        }
        String current = scope.profile() == null || scope.profile().preferences() == null
                ? null
                : scope.profile().preferences().contactChannel();
        if (wanted.equalsIgnoreCase(current)) {
            return Mono.just(new Outcome.Refused("We already contact you by " + wanted + "."));
        }
        return limit().map(Mono::just)
                .orElseGet(() -> propose(
                        "change_contact_preference",
                        Map.of("channel", wanted),
                        "Change how we contact you",
                        "From now on we contact you by " + wanted
                                + (current == null ? "." : " instead of " + current + "."),
                        null,
                        null,
                        null));
    }

    /** Hands over to a person; the reason code says why (the customer asked, missing knowledge, a tool failed). */
    public Mono<Outcome> askForHuman(String why, String reason) {
        if (!handedOff.compareAndSet(false, true)) {
            return Mono.just(new Outcome.Read(Map.of("handedOff", true)));
        }
        String code = switch (why == null ? "" : why) {
            case "cannot_help" -> "missing_knowledge";
            case "tool_failure" -> "tool_failure";
            default -> HandoffRequested.REASON_CUSTOMER_REQUEST;
        };
        return tools.handOff(scope, code, reason).thenReturn((Outcome) new Outcome.Read(Map.of(
                "handedOff",
                true,
                "message",
                "A person has been asked to join; tell the customer they are in line for an agent.")));
    }

    // ---- helpers

    /** Refuses when this reply or this conversation already proposed as many actions as allowed. */
    private Optional<Outcome> limit() {
        long earlier = scope.history() == null ? 0 : scope.history().actions().size();
        if (proposed.get() >= properties.maxProposalsPerReply()
                || earlier + proposed.get() >= properties.maxPerConversation()) {
            return Optional.of(new Outcome.Refused(
                    "I can't set up more changes in this conversation; a person can help with the rest."));
        }
        return Optional.empty();
    }

    private Mono<Outcome> propose(
            String kind,
            Map<String, String> arguments,
            String title,
            String detail,
            String orderId,
            Money cost,
            String costNote) {
        Optional<Transcript.ActionTaken> waiting = scope.history() == null
                ? Optional.empty()
                : scope.history().actions().stream()
                        .filter(a -> "PROPOSED".equals(a.status())
                                && kind.equals(a.kind())
                                && Objects.equals(orderId, a.orderId()))
                        .findFirst();
        ActionEvent action = ActionEvent.proposal(
                ActionIds.of(scope.replyId(), kind, arguments),
                scope.replyId(),
                kind,
                arguments,
                title,
                detail,
                orderId,
                cost,
                costNote);
        if (waiting.isPresent()) {
            return Mono.just(new Outcome.Proposed(action, true));
        }
        proposed.incrementAndGet();
        return tools.publish(scope, action).thenReturn(new Outcome.Proposed(action, false));
    }

    private CustomerProfile.Subscription activeSubscription() {
        CustomerProfile.Subscription s =
                scope.profile() == null ? null : scope.profile().subscription();
        return s != null
                        && s.plan() != null
                        && !"none".equalsIgnoreCase(s.plan())
                        && "active".equalsIgnoreCase(s.statusOn(tools.today()))
                ? s
                : null;
    }

    private boolean isActiveOrPaused(CustomerProfile.Subscription s) {
        return "active".equalsIgnoreCase(s.statusOn(tools.today())) || "paused".equalsIgnoreCase(s.status());
    }

    private static Outcome notFound(JsonNode args) {
        return notFound(text(args, "orderId"));
    }

    private static Outcome notFound(String orderId) {
        return new Outcome.Refused(
                "There is no order " + (orderId == null ? "" : orderId.trim() + " ") + "on this account.");
    }

    private static String money(BigDecimal amount, String currency) {
        return (currency == null ? "" : currency + " ") + amount.setScale(2, RoundingMode.HALF_UP);
    }

    private static String text(JsonNode args, String field) {
        JsonNode v = args.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    /** The outcome as the model reads it. */
    private String forModel(Outcome outcome) {
        Map<String, Object> answer = new LinkedHashMap<>();
        switch (outcome) {
            case Outcome.Read read -> answer.putAll(read.facts());
            case Outcome.Proposed p -> {
                answer.put("proposed", true);
                answer.put("actionId", p.action().actionId());
                answer.put(
                        "note",
                        p.alreadyWaiting()
                                ? "A card for this is already waiting for the customer's answer."
                                : "The customer now sees a card to confirm or decline this. Nothing has been done"
                                        + " yet: ask them to confirm it with the card; never say it is done.");
            }
            case Outcome.Refused r -> {
                answer.put("done", false);
                answer.put("message", r.message());
            }
            case Outcome.Failed f -> {
                answer.put("error", f.message());
                answer.put("note", "Tell the customer honestly and offer a person.");
            }
        }
        return answer(answer);
    }

    private String answer(Map<String, ?> fields) {
        return json.writeValueAsString(fields);
    }
}
