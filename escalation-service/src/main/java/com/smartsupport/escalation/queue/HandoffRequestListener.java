package com.smartsupport.escalation.queue;

import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.HandoffRequested;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.KeyOrderedConsumer;
import com.smartsupport.platform.kafka.KeyOrderedConsumers;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Mono;

/**
 * Queues each conversation that asks for a human, once, however often the request is delivered or repeated.
 * Requests of different conversations are queued at once (a rush of hand-offs does not wait in one line for
 * MongoDB round trips), each conversation's in order ({@link KeyOrderedConsumer}).
 */
@Configuration(proxyBeanMethods = false)
class HandoffRequestListener {
    private static final Logger log = LoggerFactory.getLogger(HandoffRequestListener.class);
    static final String NAME = "handoff-requests";

    @Bean
    KeyOrderedConsumer handoffRequests(
            KeyOrderedConsumers consumers,
            EscalationRepository escalations,
            ReactiveMongoTemplate mongo,
            EventCodec codec,
            Assigner assigner,
            @Value("${spring.application.name}") String group,
            EscalationProperties properties) {
        return consumers.create(
                NAME,
                group,
                List.of(Topics.HANDOFF_REQUESTS),
                record -> Mono.defer(() ->
                        queue(codec.decode(record.value(), HandoffRequested.class), escalations, mongo, assigner)),
                properties.maxRequestsInFlight(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10));
    }

    static Mono<Void> queue(
            EventEnvelope<HandoffRequested> event,
            EscalationRepository escalations,
            ReactiveMongoTemplate mongo,
            Assigner assigner) {
        var escalation = new Escalation(
                Escalation.idFor(event.conversationId()),
                event.conversationId(),
                event.customerId(),
                event.payload().reason(),
                event.payload().detail(),
                Escalation.Status.QUEUED,
                null,
                null,
                event.occurredAt(),
                null,
                event.eventId(),
                null,
                null,
                null,
                event.payload().language());
        return escalations
                .insert(escalation)
                .doOnNext(e -> log.info("conversation {} queued for a human ({})", e.conversationId(), e.reason()))
                // already queued (a redelivery, an instance that died before announcing, a second click): the case
                // stays one, and a case still waiting is announced again so that the customer sees their place; a
                // case an agent handed back to the assistant is queued again
                .onErrorResume(
                        DuplicateKeyException.class,
                        e -> escalations
                                .findById(escalation.id())
                                .flatMap(existing -> existing.status() == Escalation.Status.HANDED_BACK
                                        ? requeue(mongo, escalation).defaultIfEmpty(existing)
                                        : Mono.just(existing))
                                .filter(existing -> existing.status() == Escalation.Status.QUEUED))
                .flatMap(e -> assigner.announceQueued(e))
                // an agent may be free now: assign without waiting for the periodic round
                .doOnSuccess(v -> assigner.assignSoon())
                .then();
    }

    /** A case handed back to the assistant, waiting again: a new request, no agent, nothing closed. */
    private static Mono<Escalation> requeue(ReactiveMongoTemplate mongo, Escalation request) {
        log.info("conversation {} handed back earlier, queued again ({})", request.conversationId(), request.reason());
        return mongo.findAndModify(
                Query.query(Criteria.where("_id").is(request.id()).and("status").is(Escalation.Status.HANDED_BACK)),
                new Update()
                        .set("status", Escalation.Status.QUEUED)
                        .set("reason", request.reason())
                        .set("detail", request.detail())
                        .set("requestedAt", request.requestedAt())
                        .set("requestEventId", request.requestEventId())
                        .set("language", request.language())
                        .unset("agentId")
                        .unset("agentName")
                        .unset("assignedAt")
                        .unset("acceptedAt")
                        .unset("closedAt")
                        .unset("resolution"),
                FindAndModifyOptions.options().returnNew(true),
                Escalation.class);
    }
}
