package com.smartsupport.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EventCodecTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void roundTripKeepsEnvelopeAndTypedPayload() {
        var event = EventEnvelope.of(
                "conv-1",
                "cus-1",
                new AssistantCompleted(
                        "rep-1", "msg-1", "Hello", ReplySource.FALLBACK, new AssistantCompleted.TokenUsage(12, 3)));

        String json = codec.encode(event);
        EventEnvelope<AssistantCompleted> back = codec.decode(json, AssistantCompleted.class);

        assertThat(json)
                .contains(
                        "\"type\":\"assistant.completed\"",
                        "\"source\":\"fallback\"",
                        "\"version\":2",
                        "\"conversationId\":\"conv-1\"",
                        "\"citations\":[]");
        assertThat(back.eventId()).isEqualTo(event.eventId());
        assertThat(back.occurredAt()).isEqualTo(event.occurredAt());
        assertThat(back.payload()).isEqualTo(event.payload());
        assertThat(back.key()).isEqualTo("conv-1");
    }

    @Test
    void aVersion1ReplyWithoutCitationsReadsAsAReplyWithoutSources() {
        String json = """
                {"eventId":"e1","type":"assistant.completed","version":1,"occurredAt":"2026-01-01T00:00:00Z",
                 "conversationId":"c1","customerId":"u1",
                 "payload":{"replyId":"r1","inReplyTo":"m1","text":"Hi","source":"llm",
                  "usage":{"promptTokens":1,"completionTokens":1}}}""";

        AssistantCompleted reply = codec.decode(json, AssistantCompleted.class).payload();

        assertThat(reply.citations()).isEmpty();
        assertThat(codec.decode(
                                json.replace(
                                        "\"usage\"",
                                        "\"citations\":[null,{\"n\":1,\"articleId\":\"kb_1\","
                                                + "\"title\":\"T\",\"passage\":\"P\"}],\"usage\""),
                                AssistantCompleted.class)
                        .payload()
                        .citations())
                .containsExactly(new AssistantCompleted.Citation(1, "kb_1", "T", "P"));
    }

    @Test
    void anEventWrittenWithTheFormerTraceparentFieldStillReads() {
        String json = """
                {"eventId":"e1","type":"customer.message","version":2,"occurredAt":"2026-01-01T00:00:00Z",
                 "conversationId":"c1","customerId":"u1","traceparent":null,
                 "payload":{"messageId":"m1","text":"hi"}}""";

        var event = codec.decode(json, CustomerMessagePosted.class);

        assertThat(event.eventId()).isEqualTo("e1");
        assertThat(event.payload()).isEqualTo(new CustomerMessagePosted("m1", "hi"));
        assertThat(codec.decode(json.replace(
                                "\"traceparent\":null",
                                "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\""))
                        .customerId())
                .isEqualTo("u1");
        assertThat(codec.encode(event)).doesNotContain("traceparent");
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
