package com.smartsupport.conversation.actions;

import com.smartsupport.platform.events.ActionEvent;
import com.smartsupport.platform.events.ActionEvent.Status;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
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
 * The actions of conversations: proposals are stored as llm-service publishes them; the customer confirms or
 * declines; a confirmed action is carried out by {@link AccountWrites} with the customer's own token. A write
 * happens only after a confirmation by the customer of that conversation, once: each step is a conditional update
 * from the step before, so a replayed confirmation, a confirmation of a declined or expired action and two
 * confirmations at once answer {@code 409} and change nothing. Every step is published on {@link Topics#ACTIONS}
 * and counted ({@code smart_actions_total{kind, step}}).
 */
@Service
public class ConversationActions {
    private static final Logger log = LoggerFactory.getLogger(ConversationActions.class);
    private static final String CONVERSATIONS = "conversations";

    private final ReactiveMongoTemplate mongo;
    private final EventPublisher events;
    private final AccountWrites writes;
    private final ActionProperties properties;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    ConversationActions(
            ReactiveMongoTemplate mongo,
            EventPublisher events,
            AccountWrites writes,
            ActionProperties properties,
            MeterRegistry meters) {
        this.mongo = mongo;
        this.events = events;
        this.writes = writes;
        this.properties = properties;
        this.meters = meters;
    }

    /** The actions of a conversation, oldest first (the caller has already been allowed to read it). */
    public Flux<ActionView> of(String conversationId) {
        return mongo.find(
                        Query.query(Criteria.where("conversationId").is(conversationId))
                                .with(Sort.by("proposedAt", "_id")),
                        Action.class)
                .map(ActionView::of);
    }

    /**
     * Stores a proposal once (by action id), if its conversation is the customer's, still open, and below
     * {@link ActionProperties#maxPerConversation()} actions. Anything else is dropped: true if it was stored now.
     */
    Mono<Boolean> propose(EventEnvelope<ActionEvent> event) {
        ActionEvent proposal = event.payload();
        if (proposal.status() != Status.PROPOSED || event.conversationId() == null || event.customerId() == null) {
            return Mono.just(false);
        }
        Query ownOpenConversation = Query.query(Criteria.where("_id")
                .is(event.conversationId())
                .and("customerId")
                .is(event.customerId())
                .and("status")
                .ne("CLOSED"));
        Query sameConversation = Query.query(Criteria.where("conversationId").is(event.conversationId()));
        return mongo.exists(ownOpenConversation, CONVERSATIONS)
                .zipWith(mongo.count(sameConversation, Action.class))
                .flatMap(found -> {
                    if (!found.getT1()) {
                        log.warn(
                                "action {} dropped: no open conversation {} of that customer",
                                proposal.actionId(),
                                event.conversationId());
                        return Mono.just(false);
                    }
                    if (found.getT2() >= properties.maxPerConversation()) {
                        log.warn(
                                "action {} dropped: conversation {} has {} actions already",
                                proposal.actionId(),
                                event.conversationId(),
                                found.getT2());
                        count(proposal.kind(), "dropped");
                        return Mono.just(false);
                    }
                    Action action =
                            Action.proposed(event.conversationId(), event.customerId(), proposal, event.occurredAt());
                    return mongo.insert(action)
                            .doOnNext(saved -> count(saved.kind(), "proposed"))
                            .thenReturn(true)
                            .onErrorResume(DuplicateKeyException.class, e -> Mono.just(false));
                });
    }

    /**
     * The customer confirms: the action is carried out at once with their token, and the answer is the action
     * completed or failed. 404 for another customer's or an unknown action, 409 if it was already decided or has
     * expired.
     */
    public Mono<ActionView> confirm(String conversationId, String actionId, Caller caller, String customerToken) {
        return decide(conversationId, actionId, caller, Status.CONFIRMED)
                .flatMap(confirmed -> writes.perform(confirmed, customerToken)
                        .flatMap(outcome ->
                                finish(confirmed, outcome.done() ? Status.COMPLETED : Status.FAILED, outcome.text())))
                .map(ActionView::of);
    }

    public Mono<ActionView> decline(String conversationId, String actionId, Caller caller) {
        return decide(conversationId, actionId, caller, Status.DECLINED).map(ActionView::of);
    }

    /** Erasure of a customer's data: their actions go with their conversations. */
    public Mono<Long> erase(String customerId) {
        return mongo.remove(Query.query(Criteria.where("customerId").is(customerId)), Action.class)
                .map(r -> r.getDeletedCount());
    }

    private Mono<Action> decide(String conversationId, String actionId, Caller caller, Status decision) {
        caller.require(Role.CUSTOMER);
        Query own = Query.query(Criteria.where("_id")
                .is(actionId)
                .and("conversationId")
                .is(conversationId)
                .and("customerId")
                .is(caller.subject()));
        return mongo.findOne(own, Action.class)
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such action")))
                .flatMap(found -> {
                    Instant now = clock.instant();
                    boolean stale = found.proposedAt() != null
                            && found.proposedAt()
                                    .plus(properties.confirmWithin())
                                    .isBefore(now);
                    Status next = stale ? Status.EXPIRED : decision;
                    return mongo.findAndModify(
                                    Query.query(Criteria.where("_id")
                                            .is(actionId)
                                            .and("status")
                                            .is(Status.PROPOSED)),
                                    new Update().set("status", next).set("decidedAt", now),
                                    FindAndModifyOptions.options().returnNew(true),
                                    Action.class)
                            .flatMap(updated -> published(updated))
                            .switchIfEmpty(Mono.defer(() -> mongo.findById(actionId, Action.class)
                                    .flatMap(current -> Mono.error(alreadyDecided(current)))))
                            .flatMap(updated -> updated.status() == Status.EXPIRED
                                    ? Mono.error(new ResponseStatusException(
                                            HttpStatus.CONFLICT,
                                            "This action has expired; ask again if you still want it"))
                                    : Mono.just(updated));
                });
    }

    private Mono<Action> finish(Action confirmed, Status outcome, String text) {
        return mongo.findAndModify(
                        Query.query(Criteria.where("_id")
                                .is(confirmed.id())
                                .and("status")
                                .is(Status.CONFIRMED)),
                        new Update().set("status", outcome).set("result", text).set("finishedAt", clock.instant()),
                        FindAndModifyOptions.options().returnNew(true),
                        Action.class)
                .flatMap(this::published)
                .switchIfEmpty(Mono.defer(() -> mongo.findById(confirmed.id(), Action.class)));
    }

    /** Publishes the step (its id: action and step, so that a step is applied once) and counts it. */
    private Mono<Action> published(Action action) {
        count(action.kind(), action.status().name().toLowerCase(Locale.ROOT));
        ActionEvent event = action.event();
        return events.publish(
                        Topics.ACTIONS,
                        EventEnvelope.withId(
                                action.id() + ":" + event.eventType(),
                                action.conversationId(),
                                action.customerId(),
                                event))
                .thenReturn(action);
    }

    private static ResponseStatusException alreadyDecided(Action current) {
        String state = switch (current.status()) {
            case CONFIRMED -> "is being carried out";
            case COMPLETED -> "was already done";
            case DECLINED -> "was declined";
            case FAILED -> "already failed";
            case EXPIRED -> "has expired";
            case PROPOSED -> "is still waiting for your answer";
        };
        return new ResponseStatusException(HttpStatus.CONFLICT, "This action " + state);
    }

    private void count(String kind, String step) {
        meters.counter("smart.actions", "kind", kind == null ? "unknown" : kind, "step", step)
                .increment();
    }
}
