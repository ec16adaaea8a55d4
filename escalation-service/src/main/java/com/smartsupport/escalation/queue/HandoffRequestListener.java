package com.smartsupport.escalation.queue;

import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.HandoffRequested;
import com.smartsupport.platform.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** Queues each conversation that asks for a human, once, however often the request is delivered or repeated. */
@Component
class HandoffRequestListener {
    private static final Logger log = LoggerFactory.getLogger(HandoffRequestListener.class);

    private final EscalationRepository escalations;
    private final EventCodec codec;
    private final Assigner assigner;

    HandoffRequestListener(EscalationRepository escalations, EventCodec codec, Assigner assigner) {
        this.escalations = escalations;
        this.codec = codec;
        this.assigner = assigner;
    }

    @KafkaListener(id = "handoff-requests", topics = Topics.HANDOFF_REQUESTS, groupId = "${spring.application.name}")
    void onRequest(String record) {
        var event = codec.decode(record, HandoffRequested.class);
        var escalation = new Escalation(Escalation.idFor(event.conversationId()), event.conversationId(),
                event.customerId(), event.payload().reason(), event.payload().detail(), Escalation.Status.QUEUED,
                null, null, event.occurredAt(), null, event.eventId(), null, null, null);
        escalations.insert(escalation)
                .doOnNext(e -> log.info("conversation {} queued for a human ({})", e.conversationId(), e.reason()))
                // already queued (a redelivery, an instance that died before announcing, a second click): the case
                // stays one, and a case still waiting is announced again so that the customer sees their place
                .onErrorResume(DuplicateKeyException.class, e -> escalations.findById(escalation.id())
                        .filter(existing -> existing.status() == Escalation.Status.QUEUED))
                .flatMap(e -> assigner.announceQueued(e).thenReturn(e))
                .block(Duration.ofSeconds(10));
    }
}
