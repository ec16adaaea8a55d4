package com.smartsupport.platform.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@link EventEnvelope}s as JSON text. Events travel as plain strings on Kafka so that a
 * consumer never depends on a producer's class names, and so that a malformed record surfaces as one
 * {@link EventDecodingException} that goes straight to the dead-letter topic.
 */
public final class EventCodec {
    private static final TypeReference<EventEnvelope<JsonNode>> RAW = new TypeReference<>() {};

    /**
     * A Kafka header with the event's type, set by {@code EventPublisher}: a consumer that handles only some types
     * can skip the others without parsing them (the envelope's {@code type} stays the authority).
     */
    public static final String TYPE_HEADER = "smart_event_type";

    private final JsonMapper mapper;

    public EventCodec() {
        this(JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build());
    }

    public EventCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    public String encode(EventEnvelope<?> event) {
        return mapper.writeValueAsString(event);
    }

    public EventEnvelope<JsonNode> decode(String json) {
        try {
            EventEnvelope<JsonNode> event = mapper.readValue(json, RAW);
            if (event == null) {
                throw new EventDecodingException("empty event", null);
            }
            return event;
        } catch (JacksonException | NullPointerException e) {
            throw new EventDecodingException("not a valid event envelope: " + e.getMessage(), e);
        }
    }

    /**
     * The event type a record's {@value #TYPE_HEADER} header names, or null when it has none (a record written
     * before the header existed, or by another producer): then only decoding tells.
     */
    public static String typeOf(ConsumerRecord<?, ?> record) {
        var header = record.headers().lastHeader(TYPE_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The payload of a decoded event as the record its type names. */
    public <P> P payload(EventEnvelope<JsonNode> event, Class<P> type) {
        try {
            P payload = mapper.treeToValue(event.payload(), type);
            if (payload == null) {
                throw new EventDecodingException("event " + event.eventId() + " has no payload", null);
            }
            return payload;
        } catch (JacksonException e) {
            throw new EventDecodingException("event " + event.eventId() + " has a malformed payload", e);
        }
    }

    /** Decodes an event and re-types its payload in one step. */
    public <P> EventEnvelope<P> decode(String json, Class<P> type) {
        EventEnvelope<JsonNode> raw = decode(json);
        return new EventEnvelope<>(
                raw.eventId(),
                raw.type(),
                raw.version(),
                raw.occurredAt(),
                raw.conversationId(),
                raw.customerId(),
                payload(raw, type));
    }
}
