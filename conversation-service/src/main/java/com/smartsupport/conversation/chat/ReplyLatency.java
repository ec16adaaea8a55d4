package com.smartsupport.conversation.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code smart_reply_latency_seconds}: from a customer's message being stored ({@code createdAt}) to its answer
 * being stored. When this instance accepted recent customer messages is kept (by id), so that a reply needs no
 * lookup; a reply to a message accepted elsewhere (another instance, before a restart) reads it.
 */
@Component
class ReplyLatency {
    private static final int REMEMBERED = 20_000;
    private static final Duration MAXIMUM_EXPECTED = Duration.ofMinutes(3);

    private final MessageRepository messages;
    private final Timer latency;
    private final Cache<String, Instant> accepted =
            Caffeine.newBuilder().maximumSize(REMEMBERED).build();

    ReplyLatency(MessageRepository messages, MeterRegistry meters) {
        this.messages = messages;
        this.latency = Timer.builder("smart.reply.latency")
                .description("From a customer message being accepted to its answer being stored (end to end)")
                .publishPercentileHistogram()
                .maximumExpectedValue(MAXIMUM_EXPECTED)
                .register(meters);
    }

    /** A customer message was stored by this instance. */
    void accepted(Message message) {
        accepted.put(message.id(), message.createdAt());
    }

    /** The answer to this customer message was stored now; a metric never fails the reply. */
    Mono<Void> answered(String customerMessageId) {
        if (customerMessageId == null) {
            return Mono.empty();
        }
        Instant at = accepted.asMap().remove(customerMessageId);
        Mono<Instant> asked = at != null
                ? Mono.just(at)
                : messages.findById(customerMessageId).mapNotNull(Message::createdAt);
        return asked.doOnNext(t -> latency.record(Duration.between(t, Instant.now())))
                .then()
                .onErrorResume(e -> Mono.empty());
    }
}
