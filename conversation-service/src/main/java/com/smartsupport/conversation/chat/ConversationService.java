package com.smartsupport.conversation.chat;

import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.HandoffRequested;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import com.smartsupport.platform.web.IdempotencyKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The customers' conversation use cases; every one checks that the caller owns the conversation. What other
 * services' events change is {@link ConversationUpdates}; publishing customer messages is
 * {@link CustomerMessageOutbox}.
 */
@Service
public class ConversationService {
    /** Backend services with this scope (llm-service building a prompt) may read any transcript. */
    public static final String READ_SCOPE = "conversations:read";

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final ReactiveMongoTemplate mongo;
    private final EventPublisher events;
    private final CustomerMessageOutbox outbox;
    private final ReplyLatency replyLatency;
    private final MeterRegistry meters;
    private final Counter customerMessages;

    ConversationService(
            ConversationRepository conversations,
            MessageRepository messages,
            ReactiveMongoTemplate mongo,
            EventPublisher events,
            CustomerMessageOutbox outbox,
            ReplyLatency replyLatency,
            MeterRegistry meters) {
        this.conversations = conversations;
        this.messages = messages;
        this.mongo = mongo;
        this.events = events;
        this.outbox = outbox;
        this.replyLatency = replyLatency;
        this.meters = meters;
        this.customerMessages = Counter.builder("smart.conversation.messages")
                .tag("role", "customer")
                .description("Customer messages accepted")
                .register(meters);
    }

    public Mono<Conversation> start(Caller caller) {
        caller.require(Role.CUSTOMER);
        Instant now = Instant.now();
        return conversations.insert(new Conversation(
                "conv_" + UUID.randomUUID().toString().replace("-", ""),
                caller.subject(),
                Conversation.Status.OPEN,
                now,
                now,
                null,
                null));
    }

    public Flux<Conversation> list(Caller caller) {
        caller.require(Role.CUSTOMER);
        return conversations.findByCustomerIdOrderByUpdatedAtDesc(caller.subject());
    }

    /**
     * The conversation if the caller may read it (its customer, the agent it was assigned to, or a service with
     * {@link #READ_SCOPE}); 404 otherwise, so that ids of others reveal nothing.
     */
    public Mono<Conversation> readable(String conversationId, Caller caller) {
        return conversations
                .findById(conversationId)
                .filter(c -> (caller.is(Role.CUSTOMER) && c.customerId().equals(caller.subject()))
                        || (caller.is(Role.AGENT) && caller.subject().equals(c.agentId()))
                        || caller.isServiceWith(READ_SCOPE))
                .switchIfEmpty(
                        Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such conversation")));
    }

    public Flux<Message> transcript(Conversation conversation) {
        return messages.findByConversationIdOrderByCreatedAtAsc(conversation.id());
    }

    /**
     * Stores the message first (it is then safe: the outbox relay will publish it even if this instance dies
     * now), then publishes it, and marks it published. A message this instance stored while the broker was away
     * is never overtaken by a later one of the same conversation: the next post publishes the conversation's
     * unpublished messages, oldest first (one left behind by an instance that died is relayed within
     * {@code smart.outbox.grace} plus {@code smart.outbox.interval}).
     * <p>
     * With an idempotency key (the client's id for this message, reused when it retries), the message id is
     * derived from it: a retry after a lost response finds the stored message and answers the same id instead of
     * storing it twice; the same key with another text is a 409.
     */
    public Mono<Message> post(String conversationId, Caller caller, String text, String idempotencyKey) {
        caller.require(Role.CUSTOMER);
        // the usual case in one round trip: the caller's own open conversation, its last activity set to now
        Query open = Query.query(Criteria.where("_id")
                .is(conversationId)
                .and("customerId")
                .is(caller.subject())
                .and("status")
                .ne(Conversation.Status.CLOSED));
        return mongo.findAndModify(
                        open,
                        Update.update("updatedAt", Instant.now()).unset(Conversation.NEVER_WRITTEN),
                        Conversation.class)
                .switchIfEmpty(Mono.defer(() -> readable(conversationId, caller))) // 404, or closed: 409 below
                .flatMap(c -> {
                    if (c.status() == Conversation.Status.CLOSED) {
                        return Mono.error(new ResponseStatusException(
                                HttpStatus.CONFLICT, "This conversation is closed; start a new one"));
                    }
                    Message message = Message.customer(
                            IdempotencyKeys.idFor("msg_", idempotencyKey, c.id(), c.customerId()),
                            c.id(),
                            c.customerId(),
                            text);
                    return messages.insert(message)
                            .doOnNext(saved -> {
                                customerMessages.increment();
                                replyLatency.accepted(saved);
                            })
                            .onErrorResume(
                                    DuplicateKeyException.class,
                                    e -> idempotencyKey == null
                                            ? Mono.error(e)
                                            : messages.findById(message.id())
                                                    .flatMap(
                                                            existing -> text.equals(existing.text())
                                                                    ? Mono.just(existing)
                                                                    : Mono.error(
                                                                            new ResponseStatusException(
                                                                                    HttpStatus.CONFLICT,
                                                                                    "This Idempotency-Key was already used for another message"))))
                            .flatMap(saved -> outbox.publishInOrder(saved).thenReturn(saved));
                });
    }

    public Mono<Void> escalate(String conversationId, Caller caller, String reason, String language) {
        caller.require(Role.CUSTOMER);
        return readable(conversationId, caller)
                .flatMap(c -> events.publish(
                        Topics.HANDOFF_REQUESTS,
                        EventEnvelope.of(
                                c.id(),
                                c.customerId(),
                                new HandoffRequested(HandoffRequested.REASON_CUSTOMER_REQUEST, reason, language))));
    }

    /**
     * The customer rates a closed or resolved conversation (CSAT 1-5); rating again replaces the rating. Counted by
     * who resolved it ({@code smart_csat_rating{resolved_by}}, {@code smart_csat_ratings_total{rating, resolved_by}}).
     */
    public Mono<Conversation> rate(String conversationId, Caller caller, int rating, String comment) {
        caller.require(Role.CUSTOMER);
        return readable(conversationId, caller)
                .flatMap(c -> c.status() != Conversation.Status.CLOSED && c.outcome() == null
                        ? Mono.error(new ResponseStatusException(
                                HttpStatus.CONFLICT, "A conversation can be rated once it is closed or resolved"))
                        : mongo.findAndModify(
                                        Query.query(Criteria.where("_id").is(conversationId)),
                                        Update.update(
                                                "feedback", new Conversation.Feedback(rating, comment, Instant.now())),
                                        FindAndModifyOptions.options().returnNew(true),
                                        Conversation.class)
                                .doOnNext(updated -> {
                                    // smart_csat_rating_sum / _count{resolved_by}: the average, by who resolved it
                                    DistributionSummary.builder("smart.csat.rating")
                                            .description("Customer ratings of closed or resolved conversations, 1 to 5")
                                            .tag("resolved_by", resolvedBy(updated))
                                            .register(meters)
                                            .record(rating);
                                    meters.counter(
                                                    "smart.csat.ratings",
                                                    "rating",
                                                    Integer.toString(rating),
                                                    "resolved_by",
                                                    resolvedBy(updated))
                                            .increment();
                                }));
    }

    /** The customer leaves an e-mail address for a follow-up on this conversation (replaces an earlier one). */
    public Mono<Conversation> contact(String conversationId, Caller caller, String email) {
        caller.require(Role.CUSTOMER);
        return readable(conversationId, caller)
                .flatMap(c -> mongo.findAndModify(
                        Query.query(Criteria.where("_id").is(conversationId)),
                        Update.update("contactEmail", email.trim()).set("updatedAt", Instant.now()),
                        FindAndModifyOptions.options().returnNew(true),
                        Conversation.class));
    }

    /** Who resolved a rated conversation: the assistant, an agent, or nobody (yet). */
    private static String resolvedBy(Conversation c) {
        if (c.outcome() != null && c.outcome().kind() == Conversation.Outcome.Kind.RESOLVED_BY_ASSISTANT) {
            return "assistant";
        }
        if ((c.outcome() != null && c.outcome().kind() == Conversation.Outcome.Kind.RESOLVED_BY_AGENT)
                || c.agentId() != null) {
            return "agent";
        }
        return "none";
    }
}
