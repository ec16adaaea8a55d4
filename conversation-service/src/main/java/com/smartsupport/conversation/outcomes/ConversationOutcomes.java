package com.smartsupport.conversation.outcomes;

import com.smartsupport.conversation.chat.Conversation;
import com.smartsupport.conversation.chat.Conversation.Helpful;
import com.smartsupport.conversation.chat.Conversation.Outcome;
import com.smartsupport.conversation.chat.Conversation.Outcome.Basis;
import com.smartsupport.conversation.chat.Conversation.Outcome.Kind;
import com.smartsupport.conversation.chat.ConversationService;
import com.smartsupport.conversation.chat.Message;
import com.smartsupport.platform.events.ConversationOutcome;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Decides what became of each conversation, once, with a conditional update (several instances, events at least
 * once): the customer said the assistant's answer solved it (resolved by the assistant, confirmed); an agent closed
 * it (resolved by an agent); nobody wrote for {@link OutcomeProperties#idle()}: the assistant answered last
 * (resolved by the assistant, assumed), it waited for a person who never joined (escalated and abandoned), or the
 * customer said it did not help or got no answer (unresolved). A customer who writes again within
 * {@link OutcomeProperties#durableFor()} reopens it: the outcome is undone and counted as not durable. Every
 * decision is published ({@code conversation.outcome}, {@code conversation.reopened}) and counted:
 * {@code smart_conversation_outcomes_total{outcome, basis, reason}},
 * {@code smart_conversation_reopened_total{outcome}}.
 */
@Service
public class ConversationOutcomes {
    private static final Logger log = LoggerFactory.getLogger(ConversationOutcomes.class);

    private final ReactiveMongoTemplate mongo;
    private final ConversationService conversations;
    private final EventPublisher events;
    private final OutcomeProperties properties;
    private final MeterRegistry meters;

    ConversationOutcomes(
            ReactiveMongoTemplate mongo,
            ConversationService conversations,
            EventPublisher events,
            OutcomeProperties properties,
            MeterRegistry meters) {
        this.mongo = mongo;
        this.conversations = conversations;
        this.events = events;
        this.properties = properties;
        this.meters = meters;
    }

    /**
     * The customer's answer to "Did this solve it?" about one of the assistant's replies: yes resolves the
     * conversation (confirmed); no is kept (the conversation stays open; left like that, it ends unresolved).
     */
    public Mono<Conversation> answer(String conversationId, Caller caller, String replyId, boolean solved) {
        caller.require(Role.CUSTOMER);
        // the caller's own conversation (404 otherwise), as every customer use case reads it
        return conversations
                .readable(conversationId, caller)
                .flatMap(c -> c.status() == Conversation.Status.CLOSED || c.status() == Conversation.Status.WITH_AGENT
                        ? Mono.error(new ResponseStatusException(
                                HttpStatus.CONFLICT, "This conversation is with a person or closed"))
                        : assistantReply(conversationId, replyId).thenReturn(c))
                .flatMap(c -> mongo.findAndModify(
                        Query.query(Criteria.where("_id").is(conversationId)),
                        Update.update("helpful", new Helpful(replyId, solved, Instant.now())),
                        FindAndModifyOptions.options().returnNew(true),
                        Conversation.class))
                .flatMap(c -> solved ? decide(c, Kind.RESOLVED_BY_ASSISTANT, Basis.CONFIRMED) : Mono.just(c));
    }

    /** An agent closed the conversation: resolved by the agent. */
    Mono<Conversation> closedByAgent(String conversationId) {
        return mongo.findById(conversationId, Conversation.class)
                .flatMap(c -> decide(c, Kind.RESOLVED_BY_AGENT, Basis.CONFIRMED));
    }

    /** Why the conversation went to a person: the first reason is kept. */
    Mono<Void> handedOff(String conversationId, String reason) {
        return mongo.updateFirst(
                        Query.query(Criteria.where("_id")
                                .is(conversationId)
                                .and("handoffReason")
                                .is(null)),
                        Update.update("handoffReason", reason == null ? "unknown" : reason),
                        Conversation.class)
                .then();
    }

    /** The customer wrote again: an outcome decided within the durable period is undone. */
    Mono<Void> customerWrote(String conversationId, Instant at) {
        Query decidedRecently = Query.query(Criteria.where("_id")
                .is(conversationId)
                .and("outcome.decidedAt")
                .gte(at.minus(properties.durableFor())));
        return mongo.findAndModify(
                        decidedRecently,
                        new Update().unset("outcome").unset("helpful"),
                        FindAndModifyOptions.options().returnNew(false),
                        Conversation.class)
                .flatMap(before -> {
                    String kind = before.outcome().kind().name();
                    meters.counter("smart.conversation.reopened", "outcome", kind)
                            .increment();
                    log.info("conversation {} reopened after {}", conversationId, kind);
                    return publish(
                            before,
                            "reopened",
                            new ConversationOutcome(
                                    kind, before.outcome().basis().name(), before.handoffReason(), true));
                });
    }

    /** Decides every conversation left alone for the idle time; returns how many were decided. */
    Mono<Long> sweep(Instant now) {
        Query idle = Query.query(Criteria.where("outcome")
                        .is(null)
                        .and(Conversation.NEVER_WRITTEN)
                        .ne(true)
                        .and("status")
                        .in(Conversation.Status.OPEN, Conversation.Status.WAITING_FOR_AGENT)
                        .and("updatedAt")
                        .lt(now.minus(properties.idle())))
                .limit(500);
        return mongo.find(idle, Conversation.class)
                .concatMap(c -> c.status() == Conversation.Status.WAITING_FOR_AGENT
                        // waited for a person who never came, whether or not anything was written
                        ? decide(c, Kind.ESCALATED_ABANDONED, Basis.ASSUMED)
                        : lastMessage(c.id())
                                .flatMap(last -> idleOutcome(c, last))
                                // opened and never written in: no outcome, and left out of the next sweeps (a
                                // message clears the mark), so that such conversations cannot crowd out the others
                                .switchIfEmpty(Mono.defer(() -> markNeverWritten(c.id()))
                                        .then(Mono.empty())))
                .count();
    }

    /**
     * The outcome of an open conversation left alone, inferred from its last message (assumed), except when the
     * customer had said the last answer did not help (unresolved, as they said).
     */
    private Mono<Conversation> idleOutcome(Conversation c, Message last) {
        if (c.helpful() != null && !c.helpful().solved()) {
            return decide(c, Kind.UNRESOLVED, Basis.CONFIRMED);
        }
        return decide(
                c, last.role() == Message.Role.assistant ? Kind.RESOLVED_BY_ASSISTANT : Kind.UNRESOLVED, Basis.ASSUMED);
    }

    private Mono<Void> markNeverWritten(String conversationId) {
        return mongo.updateFirst(
                        Query.query(Criteria.where("_id").is(conversationId)),
                        Update.update(Conversation.NEVER_WRITTEN, true),
                        Conversation.class)
                .then();
    }

    private Mono<Message> lastMessage(String conversationId) {
        return mongo.findOne(
                Query.query(Criteria.where("conversationId").is(conversationId))
                        .with(Sort.by(Sort.Direction.DESC, "createdAt"))
                        .limit(1),
                Message.class);
    }

    private Mono<Void> assistantReply(String conversationId, String replyId) {
        return mongo.exists(
                        Query.query(Criteria.where("_id")
                                .is(replyId)
                                .and("conversationId")
                                .is(conversationId)
                                .and("role")
                                .is(Message.Role.assistant)),
                        Message.class)
                .flatMap(found -> found
                        ? Mono.<Void>empty()
                        : Mono.error(new ResponseStatusException(
                                HttpStatus.NOT_FOUND, "No such reply of the assistant in this conversation")));
    }

    /** Sets the outcome if none is set yet; publishes and counts it once. The conversation as it is now. */
    private Mono<Conversation> decide(Conversation c, Kind kind, Basis basis) {
        return mongo.findAndModify(
                        Query.query(
                                Criteria.where("_id").is(c.id()).and("outcome").is(null)),
                        Update.update("outcome", new Outcome(kind, basis, Instant.now())),
                        FindAndModifyOptions.options().returnNew(true),
                        Conversation.class)
                .flatMap(decided -> {
                    String reason = decided.handoffReason() == null ? "none" : decided.handoffReason();
                    meters.counter(
                                    "smart.conversation.outcomes",
                                    "outcome",
                                    kind.name(),
                                    "basis",
                                    basis.name(),
                                    "reason",
                                    reason)
                            .increment();
                    return publish(
                                    decided,
                                    "decided",
                                    new ConversationOutcome(kind.name(), basis.name(), decided.handoffReason(), false))
                            .thenReturn(decided);
                })
                .switchIfEmpty(Mono.defer(() -> mongo.findById(c.id(), Conversation.class)));
    }

    private Mono<Void> publish(Conversation c, String step, ConversationOutcome outcome) {
        return events.publish(Topics.CONVERSATION_OUTCOMES, EventEnvelope.of(c.id(), c.customerId(), outcome))
                .onErrorResume(e -> {
                    log.warn("outcome of {} ({}) not published: {}", c.id(), step, e.toString());
                    return Mono.empty();
                });
    }
}
