package com.smartsupport.llm.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.smartsupport.llm.prompt.PromptBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

/** The overall first-chunk deadline and header parsing, without Spring (the HTTP faults are in ModelResilienceTest). */
class ResilientModelTest {

    @Test
    void noFirstChunkWithinTheDeadlineEndsTheRetriesWhateverIsLeftOfThem() {
        AtomicInteger calls = new AtomicInteger();
        ChatModel hanging = new ChatModel() {
            @Override
            public ChatResponse call(Prompt prompt) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Flux<ChatResponse> stream(Prompt prompt) {
                calls.incrementAndGet();
                return Flux.never();
            }
        };
        var props = new ModelResilienceProperties(
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofMillis(1500),
                5,
                Duration.ofMillis(10),
                Duration.ofMillis(20),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        var model = new ResilientModel(new ModelReplies(hanging, "m"), props, new SimpleMeterRegistry());
        var prompt = new PromptBuilder.BuiltPrompt(
                List.of(new PromptBuilder.PromptMessage(PromptBuilder.Role.USER, "hi")), 10);

        long started = System.nanoTime();
        assertThatThrownBy(() -> model.stream(prompt).blockLast(Duration.ofSeconds(10)))
                .satisfies(e -> assertThat(ModelFailure.of(e)).isEqualTo(ModelFailure.TIMEOUT));
        long ms = (System.nanoTime() - started) / 1_000_000;

        assertThat(calls.get()).as("2 of the 5 attempts fit in 1.5 s").isEqualTo(2);
        assertThat(ms).isBetween(1400L, 3000L);
    }

    @Test
    void retryHintsAreReadInEveryFormProvidersUse() {
        assertThat(ModelFailure.parse("retry-after", "2")).contains(Duration.ofSeconds(2));
        assertThat(ModelFailure.parse("retry-after", "1.5")).contains(Duration.ofMillis(1500));
        assertThat(ModelFailure.parse("retry-after-ms", "250")).contains(Duration.ofMillis(250));
        assertThat(ModelFailure.parse("x-ratelimit-reset-requests", "6m0s")).contains(Duration.ofMinutes(6));
        assertThat(ModelFailure.parse("x-ratelimit-reset-tokens", "20ms")).contains(Duration.ofMillis(20));
        assertThat(ModelFailure.parse("x-ratelimit-reset-tokens", "1s")).contains(Duration.ofSeconds(1));
        assertThat(ModelFailure.parse("retry-after", "not a date")).isEmpty();
    }
}
