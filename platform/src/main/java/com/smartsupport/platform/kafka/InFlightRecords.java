package com.smartsupport.platform.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records a {@link KeyOrderedConsumer} took from the broker and has not handled yet: by key, in order, so that
 * the records of one key are handled one after another (the first of a key starts, the next starts when it is
 * finished), and by partition ({@link PartitionProgress}), for the offsets to commit. Shared by the polling thread
 * and the threads that finish records.
 */
final class InFlightRecords {
    private static final Logger log = LoggerFactory.getLogger(InFlightRecords.class);

    /** One record taken from the broker, with the progress of the partition it came from. */
    record Work(ConsumerRecord<String, String> record, PartitionProgress partition, String key) {}

    /** Offsets that may be committed, with the progress of their partitions (to note them as committed). */
    record Committable(Map<TopicPartition, OffsetAndMetadata> offsets, Map<TopicPartition, PartitionProgress> states) {
        boolean isEmpty() {
            return offsets.isEmpty();
        }
    }

    private final String name;
    // guarded by `lock`
    private final Object lock = new Object();
    private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();
    private final Map<String, ArrayDeque<Work>> keys = new HashMap<>();
    private int inFlight;
    private volatile List<TopicPartition> assigned = List.of();

    /** @param name the consumer's, for the log */
    InFlightRecords(String name) {
        this.name = name;
    }

    /** Records being handled, or waiting for an earlier record of the same key. */
    int count() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /** The partitions held now. */
    List<TopicPartition> assigned() {
        return assigned;
    }

    void assign(Collection<TopicPartition> added) {
        synchronized (lock) {
            for (TopicPartition tp : added) {
                partitions.putIfAbsent(tp, new PartitionProgress());
            }
            assigned = List.copyOf(partitions.keySet());
        }
    }

    /** These partitions moved to another member: what is still in flight of them finishes here, nothing follows. */
    void forget(Collection<TopicPartition> tps) {
        synchronized (lock) {
            for (TopicPartition tp : tps) {
                PartitionProgress ps = partitions.remove(tp);
                if (ps != null) {
                    ps.revoked = true;
                    if (!ps.unfinished.isEmpty()) {
                        log.warn(
                                "consumer {}: {} record(s) of {} still in flight after the partition moved; they"
                                        + " finish here and may be handled again by its new owner",
                                name,
                                ps.unfinished.size(),
                                tp);
                    }
                }
            }
            assigned = List.copyOf(partitions.keySet());
        }
    }

    /** The consumer closed: it holds no partition any more. */
    void closed() {
        assigned = List.of();
    }

    /** A record not wanted: handled, in its place (committable once everything before it is). */
    void passOver(ConsumerRecord<String, String> r) {
        synchronized (lock) {
            progress(r).next = r.offset() + 1;
        }
    }

    /**
     * Takes a record in: the work to start now if it is the first of its key, else null (it starts when the ones
     * before it are {@link #finished}).
     */
    Work take(ConsumerRecord<String, String> r) {
        synchronized (lock) {
            PartitionProgress ps = progress(r);
            ps.unfinished.add(r.offset());
            ps.next = r.offset() + 1;
            inFlight++;
            String key = r.key() != null ? r.key() : new TopicPartition(r.topic(), r.partition()) + "@" + r.offset();
            Work work = new Work(r, ps, key); // no key: no order to keep
            ArrayDeque<Work> queue = keys.computeIfAbsent(key, k -> new ArrayDeque<>());
            queue.add(work);
            return queue.size() == 1 ? work : null;
        }
    }

    /**
     * A record was handled (or given up): its offset may be committed. Returns the next record of its key to start,
     * or null.
     */
    Work finished(Work work) {
        Work next;
        List<Work> dropped = new ArrayList<>();
        synchronized (lock) {
            work.partition().unfinished.remove(work.record().offset());
            inFlight--;
            ArrayDeque<Work> queue = keys.get(work.key());
            next = null;
            if (queue != null) {
                queue.poll();
                // records of a partition that moved on after the drain timeout are the new owner's to handle
                while ((next = queue.peek()) != null && next.partition().revoked) {
                    queue.poll();
                    next.partition().unfinished.remove(next.record().offset());
                    inFlight--;
                    dropped.add(next);
                }
                if (next == null) {
                    keys.remove(work.key());
                }
            }
            lock.notifyAll();
        }
        if (!dropped.isEmpty()) {
            log.info("consumer {}: {} record(s) of a moved partition left to its new owner", name, dropped.size());
        }
        return next;
    }

    /** Waits until the records of these partitions (all when null) have been handled, or the timeout. */
    void awaitHandled(Collection<TopicPartition> tps, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                boolean busy = false;
                for (var e : partitions.entrySet()) {
                    if ((tps == null || tps.contains(e.getKey()))
                            && !e.getValue().unfinished.isEmpty()) {
                        busy = true;
                        break;
                    }
                }
                long left = deadline - System.nanoTime();
                if (!busy || left <= 0) {
                    return;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** For each partition (of {@code only}, or all), the offset below which everything was handled, if new. */
    Committable committable(Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, PartitionProgress> states = new HashMap<>();
        synchronized (lock) {
            partitions.forEach((tp, ps) -> {
                long at = ps.committable();
                if ((only == null || only.contains(tp)) && at > ps.committed) {
                    offsets.put(tp, new OffsetAndMetadata(at));
                    states.put(tp, ps);
                }
            });
        }
        return new Committable(offsets, states);
    }

    /** The broker has these offsets. */
    void committed(Committable commit) {
        synchronized (lock) {
            commit.offsets().forEach((tp, o) -> {
                PartitionProgress ps = commit.states().get(tp);
                ps.committed = Math.max(ps.committed, o.offset());
            });
        }
    }

    private PartitionProgress progress(ConsumerRecord<String, String> r) {
        return partitions.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new PartitionProgress());
    }
}
