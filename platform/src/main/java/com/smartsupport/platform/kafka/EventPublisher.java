package com.smartsupport.platform.kafka;

import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
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

    /** The record of an event, with its type also in the {@value EventCodec#TYPE_HEADER} header. */
    ProducerRecord<String, String> record(String topic, EventEnvelope<?> event) {
        return record(topic, event.key(), event);
    }

    private ProducerRecord<String, String> record(String topic, String key, EventEnvelope<?> event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, codec.encode(event));
        record.headers().add(EventCodec.TYPE_HEADER, event.type().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /**
     * Hands an event to the producer without waiting for the broker: the returned {@link Mono} emits once the
     * record is queued (so records enqueued one after another keep their order: same key, same partition, and the
     * idempotent producer never reorders), and what it emits completes when the broker has acknowledged the record.
     * For a stream of events where only the last one needs to wait (a reply's deltas, then its completion).
     */
    public Mono<Mono<Void>> enqueue(String topic, EventEnvelope<?> event) {
        return Mono.fromCallable(() -> {
                    var sent = template.send(record(topic, event));
                    return Mono.fromFuture(sent).then();
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    public Mono<Void> publish(String topic, EventEnvelope<?> event) {
        return publish(topic, event.key(), event);
    }

    /**
     * Publishes with a key of the caller's choice: for events about neither a conversation nor a customer, on a
     * compacted topic where the key says what the event replaces (an agent, a subject whose sessions ended).
     */
    public Mono<Void> publish(String topic, String key, EventEnvelope<?> event) {
        // KafkaProducer.send can block the calling thread (metadata, a full buffer, the broker down: up to
        // max.block.ms), so it must never run on an event-loop thread
        return Mono.fromFuture(() -> template.send(record(topic, key, event)))
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }
}
