package com.smartsupport.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.test.StepVerifier;

class SseStreamsTest {
    final SseStreams streams = new SseStreams(Duration.ofHours(1));

    @Test
    void endingAKeysStreamsSaysWhyOnceAndCompletesThemOthersGoOn() {
        var mine = streams.stream("agt_1", Instant.now().plusSeconds(3600));
        var other = streams.stream("agt_2", Instant.now().plusSeconds(3600));
        StepVerifier.create(other.filter(e -> e.event() != null).take(1))
                .then(() -> {
                    streams.end("agt_1", "account deactivated");
                    streams.push("agt_2", "case.assigned", "1", Map.of("conversationId", "c"));
                })
                .assertNext(e -> assertThat(e.event()).isEqualTo("case.assigned"))
                .verifyComplete();
        // a stream opened before the end: its last event is the one session.expired, with the reason
        var second = streams.stream("agt_3", Instant.now().plusSeconds(3600));
        StepVerifier.create(second.filter(e -> e.event() != null))
                .then(() -> streams.end("agt_3", "account deactivated"))
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo(SseStreams.SESSION_EXPIRED);
                    assertThat(e.data()).isEqualTo(Map.of("reason", "account deactivated"));
                })
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(streams.openStreams()).isZero();
        assertThat(mine).isNotNull();
    }

    @Test
    void aStreamEndsWithSessionExpiredWhenItsTokenDoes() {
        StepVerifier.create(
                        streams.stream("cus_1", Instant.now().plusMillis(300)).filter(e -> e.event() != null))
                .assertNext(e -> assertThat(e.data()).isEqualTo(Map.of("reason", "token expired")))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        ServerSentEvent<Object> expired =
                streams.stream("cus_1", Instant.now().minusSeconds(1)).blockFirst();
        assertThat(expired.event()).isEqualTo(SseStreams.SESSION_EXPIRED);
    }
}
