package com.smartsupport.platform.events;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void roundTripKeepsEnvelopeAndTypedPayload() {
        var event = EventEnvelope.of("conv-1", "cus-1",
                new AssistantCompleted("rep-1", "msg-1", "Hello", ReplySource.FALLBACK,
                        new AssistantCompleted.TokenUsage(12, 3)));

        String json = codec.encode(event);
        EventEnvelope<AssistantCompleted> back = codec.decode(json, AssistantCompleted.class);

        assertThat(json).contains("\"type\":\"assistant.completed\"", "\"source\":\"fallback\"",
                "\"version\":1", "\"conversationId\":\"conv-1\"");
        assertThat(back.eventId()).isEqualTo(event.eventId());
        assertThat(back.occurredAt()).isEqualTo(event.occurredAt());
        assertThat(back.payload()).isEqualTo(event.payload());
        assertThat(back.key()).isEqualTo("conv-1");
    }

    @Test
    void unknownFieldsAreIgnoredSoProducersCanAddFields() {
        String json = """
                {"eventId":"e1","type":"customer.message","version":2,"occurredAt":"2026-01-01T00:00:00Z",
                 "conversationId":"c1","customerId":"u1","newField":true,
                 "payload":{"messageId":"m1","text":"hi","alsoNew":1}}""";

        EventEnvelope<CustomerMessagePosted> event = codec.decode(json, CustomerMessagePosted.class);

        assertThat(event.version()).isEqualTo(2);
        assertThat(event.payload()).isEqualTo(new CustomerMessagePosted("m1", "hi"));
    }

    @Test
    void malformedRecordsFailWithOneNonRetryableException() {
        assertThatThrownBy(() -> codec.decode("not json")).isInstanceOf(EventDecodingException.class);
        assertThatThrownBy(() -> codec.decode("{\"type\":\"x\"}")).isInstanceOf(EventDecodingException.class);
        EventEnvelope<JsonNode> noPayload = codec.decode(
                "{\"eventId\":\"e\",\"type\":\"t\",\"version\":1,\"occurredAt\":\"2026-01-01T00:00:00Z\"}");
        assertThatThrownBy(() -> codec.payload(noPayload, CustomerMessagePosted.class))
                .isInstanceOf(EventDecodingException.class);
    }
}
