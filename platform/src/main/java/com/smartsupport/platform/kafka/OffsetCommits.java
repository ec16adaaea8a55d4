package com.smartsupport.platform.kafka;

import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits what a {@link KeyOrderedConsumer} has handled: for each partition the lowest offset not yet handled
 * ({@link InFlightRecords#committable}), every {@code commitInterval} while consuming (asynchronously: a failed
 * commit is covered by the next) and synchronously when partitions are given up. Used by the polling thread only.
 */
final class OffsetCommits {
    private static final Logger log = LoggerFactory.getLogger(OffsetCommits.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final InFlightRecords records;
    private final Duration interval;
    private long lastCommit = System.nanoTime();

    OffsetCommits(String name, InFlightRecords records, Duration interval) {
        this.name = name;
        this.records = records;
        this.interval = interval;
    }

    /** Commits asynchronously if the commit interval has passed since the last time. */
    void commitIfDue(Consumer<String, String> c) {
        if (System.nanoTime() - lastCommit >= interval.toNanos()) {
            commit(c, false, null);
            lastCommit = System.nanoTime();
        }
    }

    /** Commits, for each partition (of {@code only}, or all), the offset below which everything was handled. */
    void commit(Consumer<String, String> c, boolean sync, Collection<TopicPartition> only) {
        InFlightRecords.Committable commit = records.committable(only);
        if (commit.isEmpty()) {
            return;
        }
        try {
            if (sync) {
                c.commitSync(commit.offsets(), SYNC_TIMEOUT);
                records.committed(commit);
            } else {
                c.commitAsync(commit.offsets(), (done, error) -> {
                    if (error == null) {
                        records.committed(commit);
                    } else {
                        log.debug("consumer {}: commit failed, the next one covers it: {}", name, error.toString());
                    }
                });
            }
        } catch (RuntimeException e) {
            log.warn(
                    "consumer {}: commit of {} failed; those records may be handled again: {}",
                    name,
                    commit.offsets().keySet(),
                    e.toString());
        }
    }
}
