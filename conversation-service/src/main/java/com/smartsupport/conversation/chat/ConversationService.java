package com.smartsupport.conversation.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.smartsupport.platform.events.AgentJoined;
import com.smartsupport.platform.events.AgentMessage;
import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.HandoffRequested;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import com.smartsupport.platform.web.IdempotencyKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

/** The conversation use cases; every one checks that the caller owns the conversation. */
@Service
public class ConversationService {
    private static final Logger log = LoggerFactory.getLogger(ConversationService.class);

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final ReactiveMongoTemplate mongo;
    private final EventPublisher events;
    private final PublishedMarks publishedMarks;
    /**
     * Conversations with a message this instance could not publish (and when it failed): the next post there
     * publishes those first. An entry goes once the conversation has nothing unpublished ({@link #forgetCaughtUp}).
     */
    private final java.util.Map<String, Long> behind = new java.util.concurrent.ConcurrentHashMap<>();

    private final io.micrometer.core.instrument.MeterRegistry meters;
    private final io.micrometer.core.instrument.Counter customerMessages;
    private final io.micrometer.core.instrument.Timer replyLatency;
    private final io.micrometer.core.instrument.DistributionSummary csat;

    ConversationService(ConversationRepository conversations, MessageRepository messages, ReactiveMongoTemplate mongo,
                        EventPublisher events, PublishedMarks publishedMarks,
                        io.micrometer.core.instrument.MeterRegistry meters) {
        this.publishedMarks = publishedMarks;
        this.meters = meters;
        this.customerMessages = io.micrometer.core.instrument.Counter.builder("smart.conversation.messages")
                .tag("role", "customer").description("Customer messages accepted").register(meters);
        this.replyLatency = io.micrometer.core.instrument.Timer.builder("smart.reply.latency")
                .description("From a customer message being accepted to its answer being stored (end to end)")
                .publishPercentileHistogram().maximumExpectedValue(java.time.Duration.ofMinutes(3)).register(meters);
        this.csat = io.micrometer.core.instrument.DistributionSummary.builder("smart.csat.rating")
                .description("Customer ratings of closed conversations, 1 to 5").register(meters);
        this.conversations = conversations;
        this.messages = messages;
        this.mongo = mongo;
        this.events = events;
    }

    public Mono<Conversation> start(Caller caller) {
        caller.require(Role.CUSTOMER);
        Instant now = Instant.now();
        return conversations.insert(new Conversation("conv_" + UUID.randomUUID().toString().replace("-", ""),
                caller.subject(), Conversation.Status.OPEN, now, now, null, null));
    }

    public Flux<Conversation> list(Caller caller) {
        caller.require(Role.CUSTOMER);
        return conversations.findByCustomerIdOrderByUpdatedAtDesc(caller.subject());
    }

    /** Backend services with this scope (llm-service building a prompt) may read any transcript. */
    public static final String READ_SCOPE = "conversations:read";

    /**
     * The conversation if the caller may read it (its customer, the agent it was assigned to, or a service with
     * {@link #READ_SCOPE}); 404 otherwise, so that ids of others reveal nothing.
     */
    public Mono<Conversation> readable(String conversationId, Caller caller) {
        return conversations.findById(conversationId)
                .filter(c -> (caller.is(Role.CUSTOMER) && c.customerId().equals(caller.subject()))
                        || (caller.is(Role.AGENT) && caller.subject().equals(c.agentId()))
                        || caller.isServiceWith(READ_SCOPE))
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "No such conversation")));
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
        Query open = Query.query(Criteria.where("_id").is(conversationId).and("customerId").is(caller.subject())
                .and("status").ne(Conversation.Status.CLOSED));
        return mongo.findAndModify(open, Update.update("updatedAt", Instant.now()), Conversation.class)
                .switchIfEmpty(Mono.defer(() -> readable(conversationId, caller))) // 404, or closed: 409 below
                .flatMap(c -> {
                    if (c.status() == Conversation.Status.CLOSED) {
                        return Mono.error(new ResponseStatusException(HttpStatus.CONFLICT,
                                "This conversation is closed; start a new one"));
                    }
                    Message message = Message.customer(IdempotencyKeys.idFor("msg_", idempotencyKey, c.id(),
                            c.customerId()), c.id(), c.customerId(), text);
                    return messages.insert(message)
                            .doOnNext(saved -> {
                                customerMessages.increment();
                                accepted.put(saved.id(), saved.createdAt());
                            })
                            .onErrorResume(DuplicateKeyException.class, e -> idempotencyKey == null ? Mono.error(e)
                                    : messages.findById(message.id()).flatMap(existing -> text.equals(existing.text())
                                    ? Mono.just(existing)
                                    : Mono.error(new ResponseStatusException(HttpStatus.CONFLICT,
                                    "This Idempotency-Key was already used for another message"))))
                            .flatMap(saved -> publishInOrder(saved).thenReturn(saved));
                });
    }

    /**
     * Publishes a just-stored message: at once when this instance has published all earlier ones of its
     * conversation (the usual case, no query), else the conversation's unpublished messages, oldest first. A
     * failure leaves the message to the relay and the conversation marked as behind.
     */
    private Mono<Void> publishInOrder(Message saved) {
        if (publishedMarks.isPublished(saved)) { // an idempotent retry of a message already on the broker
            return Mono.empty();
        }
        String conversationId = saved.conversationId();
        Long failedAt = behind.get(conversationId);
        Mono<Void> publishing = failedAt != null
                ? messages.findByConversationIdAndPublishedFalseOrderByCreatedAtAsc(conversationId)
                        .concatMap(this::publish).then().doOnSuccess(v -> behind.remove(conversationId, failedAt))
                : publish(saved);
        return publishing.onErrorResume(e -> {
            behind.put(conversationId, System.nanoTime());
            log.warn("message {} stored but not yet published ({}); the relay will retry", saved.id(), e.toString());
            return Mono.empty();
        });
    }

    /**
     * Forgets the conversations this instance was behind on that have nothing unpublished left (the relay
     * published it); one whose publish failed again meanwhile stays.
     */
    public Mono<Void> forgetCaughtUp() {
        return Flux.fromIterable(java.util.List.copyOf(behind.entrySet()))
                .concatMap(e -> messages.findByConversationIdAndPublishedFalseOrderByCreatedAtAsc(e.getKey())
                        .hasElements()
                        .doOnNext(pending -> {
                            if (!pending) {
                                behind.remove(e.getKey(), e.getValue());
                            }
                        }))
                .then();
    }

    /**
     * Publishes a stored customer message; its event id is the message id, so a re-publish is idempotent. Once the
     * broker has it, the message is marked published in the next batch of {@link PublishedMarks} (a mark lost to
     * a crash only means one idempotent re-publish by the relay).
     */
    public Mono<Void> publish(Message message) {
        var event = EventEnvelope.withId(message.id(), message.conversationId(), message.customerId(),
                new CustomerMessagePosted(message.id(), message.text()));
        return events.publish(Topics.CUSTOMER_MESSAGES, event)
                .doOnSuccess(sent -> publishedMarks.add(message.id()))
                .then();
    }

    public Mono<Void> escalate(String conversationId, Caller caller, String reason, String language) {
        caller.require(Role.CUSTOMER);
        return readable(conversationId, caller)
                .flatMap(c -> events.publish(Topics.HANDOFF_REQUESTS, EventEnvelope.of(c.id(), c.customerId(),
                        new HandoffRequested(HandoffRequested.REASON_CUSTOMER_REQUEST, reason, language))));
    }

    /**
     * When this instance accepted recent customer messages (by id), for {@code smart_reply_latency} without a
     * lookup per reply; a reply to a message accepted elsewhere (another instance, before a restart) reads it.
     */
    private final Cache<String, Instant> accepted = Caffeine.newBuilder().maximumSize(20_000).build();

    /**
     * Stores a completed assistant reply once, whatever the number of deliveries: one insert (the conversation's
     * {@code updatedAt} is the last customer or agent activity; the reply follows the customer's message). Its
     * sources are kept with it, bounded ({@link Citations}); a version-1 reply has none.
     */
    public Mono<Boolean> storeReply(EventEnvelope<AssistantCompleted> event) {
        AssistantCompleted reply = event.payload();
        Message message = new Message(reply.replyId(), event.conversationId(), event.customerId(),
                Message.Role.assistant, reply.text(), reply.source(), reply.inReplyTo(), event.occurredAt(), null,
                Citations.toStored(reply.citations()));
        return messages.insert(message)
                .flatMap(saved -> recordLatency(reply.inReplyTo()).thenReturn(true))
                .onErrorResume(DuplicateKeyException.class, e -> Mono.just(false));
    }

    /** smart_reply_latency_seconds: the customer's message was stored at createdAt; its answer is stored now. */
    private Mono<Void> recordLatency(String customerMessageId) {
        if (customerMessageId == null) {
            return Mono.empty();
        }
        Instant at = accepted.asMap().remove(customerMessageId);
        Mono<Instant> asked = at != null ? Mono.just(at)
                : messages.findById(customerMessageId).mapNotNull(Message::createdAt);
        return asked
                .doOnNext(t -> replyLatency.record(java.time.Duration.between(t, Instant.now())))
                .then()
                .onErrorResume(e -> Mono.empty()); // a metric never fails the reply
    }

    /** An open conversation now waits for a human; idempotent, and a later state is never overwritten. */
    public Mono<Void> markWaitingForAgent(String conversationId) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(conversationId)
                        .and("status").is(Conversation.Status.OPEN)),
                Update.update("status", Conversation.Status.WAITING_FOR_AGENT).set("updatedAt", Instant.now()),
                Conversation.class).then();
    }

    /** The case was given to an agent: from now on that agent may read the transcript. */
    public Mono<Void> assignedTo(String conversationId, String agentId) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(conversationId)),
                Update.update("agentId", agentId), Conversation.class).then();
    }

    /** The agent holds the conversation now: status WITH_AGENT and a system line in the transcript, once. */
    public Mono<Void> agentJoined(String conversationId, String eventId, Instant occurredAt, AgentJoined joined) {
        Message note = new Message("sys_" + eventId, conversationId, null, Message.Role.system,
                (joined.agentName() == null ? "An agent" : joined.agentName()) + " joined the conversation", null,
                null, occurredAt, null, null);
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(conversationId)
                                .and("status").ne(Conversation.Status.CLOSED)),
                        Update.update("status", Conversation.Status.WITH_AGENT).set("updatedAt", Instant.now()),
                        Conversation.class)
                .then(insertOnce(note));
    }

    /** Stores an agent's message once, whatever the number of deliveries. */
    public Mono<Void> storeAgentMessage(EventEnvelope<AgentMessage> event) {
        AgentMessage m = event.payload();
        return insertOnce(new Message(m.messageId(), event.conversationId(), event.customerId(), Message.Role.agent,
                m.text(), null, null, event.occurredAt(), null, null)).then(touch(event.conversationId()));
    }

    public Mono<Void> closed(String conversationId) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(conversationId)),
                Update.update("status", Conversation.Status.CLOSED).set("updatedAt", Instant.now()),
                Conversation.class).then();
    }

    /** The customer rates a closed conversation (CSAT 1-5); rating again replaces the rating. */
    public Mono<Conversation> rate(String conversationId, Caller caller, int rating, String comment) {
        caller.require(Role.CUSTOMER);
        return readable(conversationId, caller).flatMap(c -> c.status() != Conversation.Status.CLOSED
                ? Mono.error(new ResponseStatusException(HttpStatus.CONFLICT,
                "A conversation can be rated once it is closed"))
                : mongo.findAndModify(Query.query(Criteria.where("_id").is(conversationId)),
                Update.update("feedback", new Conversation.Feedback(rating, comment, Instant.now())),
                org.springframework.data.mongodb.core.FindAndModifyOptions.options().returnNew(true),
                Conversation.class)
                .doOnNext(updated -> {
                    csat.record(rating); // smart_csat_rating_sum / _count: the average
                    meters.counter("smart.csat.ratings", "rating", Integer.toString(rating)).increment();
                }));
    }

    /** The customer leaves an e-mail address for a follow-up on this conversation (replaces an earlier one). */
    public Mono<Conversation> contact(String conversationId, Caller caller, String email) {
        caller.require(Role.CUSTOMER);
        return readable(conversationId, caller).flatMap(c -> mongo.findAndModify(
                Query.query(Criteria.where("_id").is(conversationId)),
                Update.update("contactEmail", email.trim()).set("updatedAt", Instant.now()),
                org.springframework.data.mongodb.core.FindAndModifyOptions.options().returnNew(true),
                Conversation.class));
    }

    private Mono<Void> insertOnce(Message message) {
        return messages.insert(message).then().onErrorResume(DuplicateKeyException.class, e -> Mono.empty());
    }

    /** Deletes every conversation and message of a customer who asked to be forgotten. Idempotent. */
    public Mono<Long> erase(String customerId) {
        Query byCustomer = Query.query(Criteria.where("customerId").is(customerId));
        return mongo.remove(byCustomer, Message.class)
                .then(mongo.remove(byCustomer, Conversation.class))
                .map(r -> r.getDeletedCount());
    }

    private Mono<Void> touch(String conversationId) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(conversationId)),
                Update.update("updatedAt", Instant.now()), Conversation.class).then();
    }
}
