package com.smartsupport.platform.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope every event on every topic travels in. {@code eventId} lets consumers be idempotent,
 * {@code type} and {@code version} say how to read {@code payload}, and {@code conversationId} is also the
 * Kafka key, so that all events of one conversation stay ordered within one partition. The trace context travels
 * in the record's {@code traceparent} header (Micrometer Tracing), not in the envelope; events written when the
 * envelope still had a (never filled) {@code traceparent} field read as before, unknown fields being ignored.
 *
 * @param <P> the payload record
 */
public record EventEnvelope<P>(
        String eventId,
        String type,
        int version,
        Instant occurredAt,
        String conversationId,
        String customerId,
        P payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** A new event with a random id, stamped now. */
    public static <P extends EventPayload> EventEnvelope<P> of(String conversationId, String customerId, P payload) {
        return withId(UUID.randomUUID().toString(), conversationId, customerId, payload);
    }

    /**
     * An event whose id is chosen by the caller: used where the same logical event may be produced twice
     * (a redelivered input, a relayed outbox entry) and must carry the same id both times.
     */
    public static <P extends EventPayload> EventEnvelope<P> withId(
            String eventId, String conversationId, String customerId, P payload) {
        return new EventEnvelope<>(
                eventId,
                payload.eventType(),
                payload.eventVersion(),
                Instant.now(),
                conversationId,
                customerId,
                payload);
    }

    /** The Kafka record key: the conversation where there is one, else the customer. */
    public String key() {
        return conversationId != null ? conversationId : customerId;
    }
}
