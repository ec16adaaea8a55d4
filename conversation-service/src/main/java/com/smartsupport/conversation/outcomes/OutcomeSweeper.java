package com.smartsupport.conversation.outcomes;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Decides the conversations left alone for the idle time, every {@link OutcomeProperties#sweepEvery()}. */
@Component
class OutcomeSweeper {
    private static final Logger log = LoggerFactory.getLogger(OutcomeSweeper.class);

    private final ConversationOutcomes outcomes;

    OutcomeSweeper(ConversationOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Scheduled(fixedDelayString = "#{@'" + OutcomeProperties.BEAN + "'.sweepEvery().toMillis()}")
    void sweep() {
        Long decided = outcomes.sweep(Instant.now())
                .onErrorResume(e -> {
                    log.warn("outcome sweep failed, will retry: {}", e.toString());
                    return Mono.just(0L);
                })
                .block(Duration.ofSeconds(60));
        if (decided != null && decided > 0) {
            log.info("{} idle conversation(s) got their outcome", decided);
        }
    }
}
