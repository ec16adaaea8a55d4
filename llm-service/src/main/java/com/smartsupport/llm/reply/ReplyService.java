package com.smartsupport.llm.reply;

import com.smartsupport.llm.actions.AccountTools;
import com.smartsupport.llm.actions.FallbackActions;
import com.smartsupport.llm.actions.Toolbox;
import com.smartsupport.llm.conversation.ConversationClient;
import com.smartsupport.llm.conversation.Transcript;
import com.smartsupport.llm.conversation.Transcript.Role;
import com.smartsupport.llm.handoff.HandoffDetector;
import com.smartsupport.llm.knowledge.Passage;
import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.profile.ProfileCache;
import com.smartsupport.llm.prompt.PromptBuilder;
import com.smartsupport.llm.resilience.ModelFailure;
import com.smartsupport.llm.resilience.ModelResilienceProperties;
import com.smartsupport.llm.resilience.ModelTools;
import com.smartsupport.llm.resilience.ReplyChunk;
import com.smartsupport.llm.resilience.ResilientModel;
import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.AssistantCompleted.TokenUsage;
import com.smartsupport.platform.events.AssistantDelta;
import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.HandoffRequested;
import com.smartsupport.platform.events.ReplySource;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Answers one customer message: reads the caller's profile (cached) and the conversation so far, builds the
 * prompt within its token budget, streams the model's reply (or the grounded
 * fallback when no model is configured or it fails before saying anything) through the {@link OutputGuard} as
 * {@code assistant.delta} events, then publishes {@code assistant.completed}, whose text is exactly the
 * concatenation of the deltas. Ids are derived from the message id, so a redelivered message
 * yields the same reply id and conversation-service stores it once.
 */
@Service
public class ReplyService {
    static final String OFFLINE = "offline";
    static final String CUT_NOTICE = " … (The answer was cut off. Please ask again, or talk to a person.)";
    private static final Logger log = LoggerFactory.getLogger(ReplyService.class);
    /** Buffers are emitted only as the publisher asks for them (else a slow broker fails the reply). */
    private static final boolean FAIR_BACKPRESSURE = true;

    private final ProfileCache profiles;
    private final ConversationClient conversations;
    private final PromptBuilder prompts;
    private final GroundedFallback fallback;
    private final EventPublisher events;
    private final Optional<ResilientModel> model;
    private final HandoffDetector handoffs;
    private final ModelResilienceProperties resilience;
    private final MeterRegistry meters;
    private final DistributionSummary promptTokens;
    private final Counter streamsCut;
    private final ModelPricing pricing;
    private final OutputGuard guard;
    private final Duration deltaInterval;
    private final Grounding grounding;
    private final AccountTools accountTools;
    private final FallbackActions fallbackActions;

    ReplyService(
            ProfileCache profiles,
            ConversationClient conversations,
            PromptBuilder prompts,
            GroundedFallback fallback,
            EventPublisher events,
            Optional<ResilientModel> model,
            MeterRegistry meters,
            ModelResilienceProperties resilience,
            HandoffDetector handoffs,
            ModelPricing pricing,
            OutputGuard guard,
            ReplyProperties properties,
            Grounding grounding,
            AccountTools accountTools,
            FallbackActions fallbackActions) {
        this.profiles = profiles;
        this.conversations = conversations;
        this.prompts = prompts;
        this.fallback = fallback;
        this.events = events;
        this.model = model;
        this.handoffs = handoffs;
        this.resilience = resilience;
        this.meters = meters;
        this.promptTokens = DistributionSummary.builder("smart.llm.prompt.tokens")
                .description("Prompt size as counted by the model's tokenizer")
                .baseUnit("tokens")
                .register(meters);
        this.streamsCut = Counter.builder("smart.llm.streams.cut")
                .description("Replies whose model stream broke after the first chunk")
                .register(meters);
        this.pricing = pricing;
        this.guard = guard;
        this.deltaInterval = properties.deltaInterval();
        this.grounding = grounding;
        this.accountTools = accountTools;
        this.fallbackActions = fallbackActions;
    }

    public static String replyId(String messageId) {
        return "rep_" + messageId;
    }

    /**
     * Answers a customer message, or completes empty if the transcript already holds the reply (a redelivered
     * message: the customer must not see a second answer).
     */
    public Mono<AssistantCompleted> answer(EventEnvelope<CustomerMessagePosted> event) {
        CustomerMessagePosted message = event.payload();
        String replyId = replyId(message.messageId());
        Mono<Optional<CustomerProfile>> profile = profiles.get(event.customerId())
                .onErrorResume(e -> {
                    log.warn("profile of {} unavailable: {}", event.customerId(), e.toString());
                    return Mono.just(Optional.empty());
                });
        Mono<Transcript> transcript = conversations
                .transcript(event.conversationId())
                .onErrorResume(e -> {
                    log.warn(
                            "transcript of {} unavailable, answering without history: {}",
                            event.conversationId(),
                            e.toString());
                    return Mono.just(Transcript.empty(event.conversationId()));
                });
        return Mono.zip(profile, transcript)
                .filter(t -> {
                    if (t.getT2().hasMessage(replyId)) {
                        log.info("message {} was already answered; redelivery ignored", message.messageId());
                        return false;
                    }
                    if (t.getT2().heldByAgent()) {
                        log.debug(
                                "conversation {} is with a human agent; the assistant stays silent",
                                event.conversationId());
                        return false;
                    }
                    return true;
                })
                .flatMap(
                        t -> handOffIfAsked(event, t.getT2(), language(t.getT1().orElse(null)))
                                .thenReturn(t))
                .flatMap(t -> grounding
                        .forCustomer(t.getT1().orElse(null), message.text())
                        .flatMap(passages -> reply(event, t.getT1().orElse(null), t.getT2(), passages)));
    }

    /** Streams the reply to one message, from the model or the grounded fallback, then publishes its completion. */
    private Mono<AssistantCompleted> reply(
            EventEnvelope<CustomerMessagePosted> event, CustomerProfile p, Transcript history, List<Passage> passages) {
        CustomerMessagePosted message = event.payload();
        String replyId = replyId(message.messageId());
        ReplyState state = new ReplyState(replyId, message.messageId());
        Toolbox tools = accountTools.forReply(
                new Toolbox.Scope(event.conversationId(), event.customerId(), replyId, p, history, language(p)));
        ModelTools offered = accountTools.enabled() ? tools : ModelTools.NONE;
        Flux<ReplyChunk> chunks = model.map(m -> m.stream(prompt(p, history, message, passages, state), offered)
                        .onErrorResume(e -> {
                            ModelFailure failure = ModelFailure.of(e);
                            if (failure == ModelFailure.STREAM_BROKEN) {
                                log.warn(
                                        "model stream for {} broke after the first chunk: {}",
                                        replyId,
                                        e.getCause() == null
                                                ? e.toString()
                                                : e.getCause().toString());
                                streamsCut.increment();
                                return Flux.just(ReplyChunk.text(CUT_NOTICE));
                            }
                            log.warn(
                                    "model failed for {} ({}), answering from profile data: {}",
                                    replyId,
                                    failure.reason(),
                                    e.toString());
                            state.fallBack(failure.reason());
                            return fallbackChunks(p, message.text(), passages, state, tools);
                        }))
                .orElseGet(() -> {
                    state.fallBack(OFFLINE);
                    return fallbackChunks(p, message.text(), passages, state, tools);
                });

        // nothing reaches the customer unscreened: the guard holds back the tail that could still
        // be the start of a leak, and a reply that repeats the instructions is stopped (upstream
        // cancelled) and ends with a refusal
        OutputGuard.Screen screen = guard.screen(replyId);
        Flux<String> released = chunks.map(chunk -> {
                    if (chunk.usage() != null) {
                        state.usage(chunk.usage());
                    }
                    return screen.accept(chunk.text());
                })
                .takeUntil(piece -> screen.blocked())
                .concatWith(Mono.fromSupplier(screen::finish));
        // deltas go out as they come, without waiting for the broker in between (the producer keeps
        // their order); the completion is sent once every delta has been acknowledged
        return coalesce(released.filter(piece -> !piece.isEmpty()))
                .concatMap(piece -> {
                    AssistantDelta delta = state.next(piece);
                    return events.enqueue(
                            Topics.ASSISTANT_REPLIES,
                            EventEnvelope.withId(
                                    replyId + ":" + delta.seq(), event.conversationId(), event.customerId(), delta));
                })
                .collectList()
                .flatMap(acknowledged -> Mono.when(acknowledged))
                .then(Mono.defer(() -> {
                    AssistantCompleted completed = state.completed();
                    String fallbackReason = state.fallbackReason();
                    if (fallbackReason != null) {
                        meters.counter("smart.llm.fallbacks", "reason", fallbackReason)
                                .increment();
                    }
                    record(completed);
                    return events.publish(
                                    Topics.ASSISTANT_REPLIES,
                                    EventEnvelope.withId(
                                            replyId + ":completed",
                                            event.conversationId(),
                                            event.customerId(),
                                            completed))
                            .then(escalateIfLooping(event, p, history, fallbackReason))
                            .then(handOffIfToolsRanOut(event, p, tools))
                            .thenReturn(completed);
                }));
    }

    /**
     * The first piece goes out at once (time to first token); after it, what arrives within
     * {@code smart.llm.delta-interval} is sent as one delta. A model streams a token or two per chunk, and each delta
     * is a Kafka record that two consumers of conversation-service read and the customer's stream pushes: one per
     * token made records, not the model, the cost of a reply (CHANGELOG.md).
     */
    private Flux<String> coalesce(Flux<String> pieces) {
        if (deltaInterval.isZero()) {
            return pieces;
        }
        return pieces.switchOnFirst((first, all) -> first.hasValue()
                ? Flux.concat(
                        Mono.just(first.get()),
                        all.skip(1)
                                .bufferTimeout(256, deltaInterval, FAIR_BACKPRESSURE)
                                .map(batch -> String.join("", batch)))
                : all);
    }

    /** Replies by source, tokens by kind and their estimated cost (smart_llm_replies_total, _tokens_total, …). */
    private void record(AssistantCompleted completed) {
        meters.counter("smart.llm.replies", "source", completed.source() == ReplySource.FALLBACK ? "fallback" : "llm")
                .increment();
        TokenUsage usage = completed.usage();
        if (usage != null && (usage.promptTokens() > 0 || usage.completionTokens() > 0)) {
            meters.counter("smart.llm.tokens", "kind", "prompt").increment(usage.promptTokens());
            meters.counter("smart.llm.tokens", "kind", "completion").increment(usage.completionTokens());
            Counter.builder("smart.llm.cost")
                    .baseUnit("usd")
                    .description("Estimated model cost from token usage and smart.llm.pricing")
                    .register(meters)
                    .increment(pricing.costUsd(usage.promptTokens(), usage.completionTokens()));
        }
    }

    /** Publishes a hand-off request when the message asks for a person or shows strong frustration. */
    private Mono<Void> handOffIfAsked(EventEnvelope<CustomerMessagePosted> event, Transcript history, String language) {
        return handoffs.decide(event.payload().messageId(), event.payload().text(), history)
                .map(d -> {
                    log.info(
                            "conversation {} goes to a human: {} ({})", event.conversationId(), d.reason(), d.detail());
                    return events.publish(
                            Topics.HANDOFF_REQUESTS,
                            EventEnvelope.of(
                                    event.conversationId(),
                                    event.customerId(),
                                    new HandoffRequested(d.reason(), d.detail(), language)));
                })
                .orElse(Mono.empty());
    }

    /** The customer's language from their profile (for an agent who speaks it), if it is a plain ISO 639-1 code. */
    static String language(CustomerProfile profile) {
        String language = profile == null || profile.account() == null
                ? null
                : profile.account().language();
        if (language == null) {
            return null;
        }
        String code = language.trim().toLowerCase(Locale.ROOT);
        code = code.length() > 2 && (code.charAt(2) == '-' || code.charAt(2) == '_') ? code.substring(0, 2) : code;
        return code.matches("[a-z]{2}") ? code : null;
    }

    /**
     * When the model keeps failing, a customer must not be left talking to automatic answers: after
     * {@code fallbacksBeforeHandoff} of them in a row in one conversation, the conversation goes to a human.
     * Offline mode (no model configured) is a choice, not a failure, and does not count.
     */
    private Mono<Void> escalateIfLooping(
            EventEnvelope<CustomerMessagePosted> event, CustomerProfile profile, Transcript history, String reason) {
        if (reason == null || OFFLINE.equals(reason)) {
            return Mono.empty();
        }
        int inARow = 1;
        for (int i = history.messages().size() - 1; i >= 0; i--) {
            Transcript.Turn turn = history.messages().get(i);
            if (turn.role() == Role.CUSTOMER || turn.role() == Role.SYSTEM) {
                continue;
            }
            if (turn.role() == Role.ASSISTANT && "fallback".equals(turn.source())) {
                inARow++;
                continue;
            }
            break;
        }
        if (inARow < resilience.fallbacksBeforeHandoff()) {
            return Mono.empty();
        }
        log.warn(
                "conversation {}: {} automatic answers in a row, handing over to a human",
                event.conversationId(),
                inARow);
        return events.publish(
                Topics.HANDOFF_REQUESTS,
                EventEnvelope.of(
                        event.conversationId(),
                        event.customerId(),
                        new HandoffRequested(
                                "fallback_loop",
                                inARow + " automatic answers in a row; the model is unavailable (" + reason + ")",
                                language(profile))));
    }

    private PromptBuilder.BuiltPrompt prompt(
            CustomerProfile profile,
            Transcript history,
            CustomerMessagePosted message,
            List<Passage> passages,
            ReplyState state) {
        PromptBuilder.BuiltPrompt prompt =
                prompts.build(profile, history, message.messageId(), message.text(), passages);
        promptTokens.record(prompt.tokens());
        state.sources(prompt.sources());
        return prompt;
    }

    /** The grounded answer, with the action the message plainly asks for proposed first (the same tools' checks). */
    private Flux<ReplyChunk> fallbackChunks(
            CustomerProfile profile, String message, List<Passage> passages, ReplyState state, Toolbox tools) {
        Mono<Optional<String>> action = accountTools.enabled()
                ? fallbackActions.forMessage(tools, profile, message)
                : Mono.just(Optional.empty());
        return action.flatMapMany(line -> {
            GroundedFallback.Answer answer = fallback.answer(profile, message, passages, line.orElse(null));
            state.sources(answer.sources());
            return Flux.fromIterable(words(answer.text())).map(ReplyChunk::text);
        });
    }

    /** A reply whose model kept asking for tools after its last round goes to a person (reason tool_failure). */
    private Mono<Void> handOffIfToolsRanOut(
            EventEnvelope<CustomerMessagePosted> event, CustomerProfile p, Toolbox tools) {
        if (!tools.ranOutOfRounds() || tools.handedOff()) {
            return Mono.empty();
        }
        log.warn("conversation {}: the model kept asking for tools; handing over to a person", event.conversationId());
        return events.publish(
                Topics.HANDOFF_REQUESTS,
                EventEnvelope.of(
                        event.conversationId(),
                        event.customerId(),
                        new HandoffRequested(
                                "tool_failure", "the assistant could not finish with its tools", language(p))));
    }

    /** Splits a text into chunks of a few words, keeping the spaces, so that it streams like a model reply. */
    static List<String> words(String text) {
        List<String> chunks = new ArrayList<>();
        String[] parts = text.split("(?<= )");
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            chunk.append(parts[i]);
            if ((i + 1) % 4 == 0) {
                chunks.add(chunk.toString());
                chunk.setLength(0);
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk.toString());
        }
        return chunks;
    }
}
