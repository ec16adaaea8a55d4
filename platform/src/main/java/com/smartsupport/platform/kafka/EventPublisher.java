package com.smartsupport.platform.kafka;

import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes events keyed by conversation. The returned {@link Mono} completes only once the broker has
 * acknowledged the record ({@code acks=all}, idempotent producer), so callers can mark an outbox entry as
 * sent, or answer a client, knowing the event is durable. With the broker unreachable it fails after
 * {@code max.block.ms} (5 s).
 */
public class EventPublisher {
    private final KafkaTemplate<String, String> template;
    private final EventCodec codec;

    public EventPublisher(KafkaTemplate<String, String> template, EventCodec codec) {
        this.template = template;
        this.codec = codec;
    }

    public Mono<Void> publish(String topic, EventEnvelope<?> event) {
        // KafkaProducer.send can block the calling thread (metadata, a full buffer, the broker down: up to
        // max.block.ms), so it must never run on an event-loop thread
        return Mono.fromFuture(() -> template.send(topic, event.key(), codec.encode(event)))
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }
}
