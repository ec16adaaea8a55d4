package com.smartsupport.platform.kafka;

import com.smartsupport.platform.errors.Causes;
import com.smartsupport.platform.events.EventDecodingException;
import com.smartsupport.platform.resilience.TransientFailures;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * When a {@link KeyOrderedConsumer} tries a failed record again: after an outage ({@link TransientFailures}) with
 * back-off from 250 ms to 5 s for up to {@code outageMaxWait}; after anything else {@code attempts} times in all,
 * {@code retryInterval} apart; an event that cannot be decoded never.
 */
final class RecordRetries {
    private static final Logger log = LoggerFactory.getLogger(RecordRetries.class);
    private static final long FIRST_OUTAGE_PAUSE_MS = 250;
    private static final long LONGEST_OUTAGE_PAUSE_MS = 5_000;

    private final String name;
    private final int attempts;
    private final Duration retryInterval;
    private final Duration outageMaxWait;

    RecordRetries(String name, int attempts, Duration retryInterval, Duration outageMaxWait) {
        this.name = name;
        this.attempts = attempts;
        this.retryInterval = retryInterval;
        this.outageMaxWait = outageMaxWait;
    }

    /** The retries of one record's handling (each logged); when they give up, the last failure is the error. */
    Retry of(ConsumerRecord<String, String> r) {
        long[] firstFailure = {0};
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable e = signal.failure();
            if (firstFailure[0] == 0) {
                firstFailure[0] = System.nanoTime();
            }
            Duration wait = retryAfter(e, signal.totalRetries(), System.nanoTime() - firstFailure[0]);
            if (wait == null) {
                return Mono.error(e);
            }
            log.warn(
                    "consumer {}: {}-{}@{} failed, retrying in {} ms: {}",
                    name,
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    wait.toMillis(),
                    e.toString());
            return Mono.delay(wait);
        }));
    }

    /** The pause before the next attempt, or null to give up (then the record is dead-lettered). */
    Duration retryAfter(Throwable e, long retriesSoFar, long failingForNanos) {
        if (Causes.has(e, EventDecodingException.class)) {
            return null;
        }
        if (TransientFailures.isTransient(e)) {
            if (failingForNanos >= outageMaxWait.toNanos()) {
                return null;
            }
            return Duration.ofMillis(
                    Math.min(LONGEST_OUTAGE_PAUSE_MS, FIRST_OUTAGE_PAUSE_MS << Math.min(retriesSoFar, 5)));
        }
        return retriesSoFar + 1 < attempts ? retryInterval : null;
    }
}
