package com.smartsupport.conversation.chat;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Publishes customer messages that were stored but whose event never reached the broker (a broker outage, or
 * an instance that died between the two steps). The event id is the message id, so a message relayed twice is
 * still answered once.
 */
@Component
class OutboxRelay {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MessageRepository messages;
    private final CustomerMessageOutbox outbox;
    private final Duration grace;

    OutboxRelay(MessageRepository messages, CustomerMessageOutbox outbox, OutboxProperties properties) {
        this.messages = messages;
        this.outbox = outbox;
        this.grace = properties.grace();
    }

    @Scheduled(fixedDelayString = "#{@'" + OutboxProperties.BEAN + "'.interval().toMillis()}")
    void relay() {
        Long relayed = messages.findByPublishedFalseAndCreatedAtBeforeOrderByCreatedAtAsc(
                        Instant.now().minus(grace))
                .concatMap(m -> outbox.publish(m).thenReturn(m))
                .count()
                .flatMap(n -> outbox.forgetCaughtUp().thenReturn(n))
                .onErrorResume(e -> {
                    log.warn("outbox relay failed, will retry: {}", e.toString());
                    return Mono.just(0L);
                })
                .block(Duration.ofSeconds(30));
        if (relayed != null && relayed > 0) {
            log.info("outbox relay published {} pending customer message(s)", relayed);
        }
    }
}
