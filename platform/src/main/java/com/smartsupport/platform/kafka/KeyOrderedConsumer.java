package com.smartsupport.platform.kafka;

import com.smartsupport.platform.errors.Causes;
import com.smartsupport.platform.events.EventDecodingException;
import com.smartsupport.platform.resilience.TransientFailures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Consumes a topic with many records in flight at once while keeping the order of each key: records of one key (a
 * conversation) are handled one after another, records of different keys concurrently, up to
 * {@link Settings#maxInFlight()} per instance. For work that mostly waits, such as a model streaming a reply: a
 * listener thread per partition would answer one message at a time, so the replies in flight, and with them the
 * throughput, would be bounded by the partition count (docs/benchmarks.md).
 *
 * <p>Delivery stays at least once, as with the listener containers: a partition's committed offset is the lowest
 * offset not yet handled, so a crash re-delivers what was in flight (and what finished after it), and consumers are
 * idempotent by event id. Polling never waits for slow records: new records are taken while others are in flight;
 * at {@code maxInFlight} the partitions are paused (until half of it is left) and what a poll returned beyond it
 * waits, in order, for room. When
 * partitions are revoked (a rebalance) or the consumer stops, the records in flight on them are waited for, up to
 * {@link Settings#drainTimeout()}, and their offsets committed, so that a clean hand-over answers nothing twice.
 *
 * <p>A record whose handling fails is retried in its place (its key waits; other keys go on): an outage
 * ({@link TransientFailures}) with back-off from 250 ms to 5 s for up to {@code outageMaxWait}; anything else
 * {@code attempts} times {@code retryInterval} apart, then it goes to the dead-letter recoverer. An event that
 * cannot be decoded goes there at once. Each record is observed like a listener container's record (a span that
 * continues the trace the record carries).
 */
public final class KeyOrderedConsumer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(KeyOrderedConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** While records wait for room, the loop comes back soon to start them. */
    private static final Duration BUSY_POLL = Duration.ofMillis(10);

    /**
     * @param maxInFlight    records being handled (or waiting for an earlier one of their key) at most
     * @param drainTimeout   how long a rebalance or a stop waits for the records in flight on its partitions
     * @param commitInterval how often handled offsets are committed while consuming
     * @param recordTimeout  the longest one attempt at a record may take
     * @param attempts       attempts at a record that fails for a reason of its own, before it is dead-lettered
     * @param retryInterval  the pause between those attempts
     * @param outageMaxWait  how long a record that fails because something it needs is down is retried
     * @param groupInstanceId the consumer's static membership ({@link GroupMembershipProperties}), or null
     */
    public record Settings(int maxInFlight, Duration drainTimeout, Duration commitInterval, Duration recordTimeout,
                           int attempts, Duration retryInterval, Duration outageMaxWait, String groupInstanceId) {
        public Settings {
            if (maxInFlight < 1 || attempts < 1) {
                throw new IllegalArgumentException("maxInFlight and attempts must be at least 1");
            }
        }
    }

    private final String name;
    private final ConsumerFactory<String, String> factory;
    private final String groupId;
    private final List<String> topics;
    private final Function<ConsumerRecord<String, String>, Mono<Void>> handler;
    private final java.util.function.Predicate<ConsumerRecord<String, String>> wanted;
    private final ConsumerRecordRecoverer deadLetters;
    private final Settings settings;
    private final ObservationRegistry observations;

    // shared by the polling thread and the threads that finish records; guarded by `lock`
    private final Object lock = new Object();
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private final Map<String, ArrayDeque<Work>> keys = new HashMap<>();
    private int inFlight;

    /** Records taken from the broker while {@code maxInFlight} were in flight; only the polling thread uses it. */
    private final ArrayDeque<ConsumerRecord<String, String>> backlog = new ArrayDeque<>();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Consumer<String, String> consumer;
    private volatile List<TopicPartition> assigned = List.of();

    public KeyOrderedConsumer(String name, ConsumerFactory<String, String> factory, String groupId,
                              Collection<String> topics, Function<ConsumerRecord<String, String>, Mono<Void>> handler,
                              ConsumerRecordRecoverer deadLetters, Settings settings, MeterRegistry meters,
                              ObservationRegistry observations) {
        this(name, factory, groupId, topics, r -> true, handler, deadLetters, settings, meters, observations);
    }

    /**
     * @param wanted which records to handle; the others (decided from key and headers, say, without parsing) are
     *               passed over as handled at once, in their place: no observation, no retries, nothing in flight
     */
    public KeyOrderedConsumer(String name, ConsumerFactory<String, String> factory, String groupId,
                              Collection<String> topics,
                              java.util.function.Predicate<ConsumerRecord<String, String>> wanted,
                              Function<ConsumerRecord<String, String>, Mono<Void>> handler,
                              ConsumerRecordRecoverer deadLetters, Settings settings, MeterRegistry meters,
                              ObservationRegistry observations) {
        this.wanted = wanted;
        this.name = name;
        this.factory = factory;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.observations = observations == null ? ObservationRegistry.NOOP : observations;
        if (meters != null) {
            Gauge.builder("smart.kafka.consumer.in.flight", this, KeyOrderedConsumer::inFlight)
                    .description("Records being handled or waiting for an earlier record of their key")
                    .tag("consumer", name).register(meters);
        }
    }

    /** Records being handled, or waiting for an earlier record of the same key. */
    public int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /** The partitions this instance holds now. */
    public List<TopicPartition> assignedPartitions() {
        return assigned;
    }

    // --- lifecycle -------------------------------------------------------------------------------------------------

    @Override
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
        }
        Thread t = new Thread(this::pollLoop, name + "-poll");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops taking records, waits for those in flight (up to the drain timeout), commits, leaves the group. */
    @Override
    public void stop() {
        Thread t = thread;
        synchronized (lock) {
            if (!running) {
                return;
            }
            running = false;
        }
        Consumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (t != null) {
            try {
                t.join(settings.drainTimeout().plusSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the web server and the producer, started after them (like the listener containers). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    // --- polling (one thread owns the consumer) ----------------------------------------------------------------------

    private void pollLoop() {
        java.util.Properties overrides = new java.util.Properties();
        if (settings.groupInstanceId() != null) {
            overrides.setProperty(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                    settings.groupInstanceId());
        }
        Consumer<String, String> c = factory.createConsumer(groupId, name, null, overrides);
        consumer = c;
        boolean paused = false;
        long lastCommit = System.nanoTime();
        try {
            c.subscribe(topics, new Rebalance(c));
            while (running) {
                while (!backlog.isEmpty() && inFlight() < settings.maxInFlight()) {
                    dispatch(backlog.poll());
                }
                boolean full = !backlog.isEmpty() || inFlight() >= settings.maxInFlight();
                if (full && !paused) {
                    c.pause(c.assignment());
                    paused = true;
                } else if (!full && paused && inFlight() <= settings.maxInFlight() / 2) {
                    c.resume(c.paused());
                    paused = false;
                }
                ConsumerRecords<String, String> records;
                try {
                    records = c.poll(full ? BUSY_POLL : POLL);
                } catch (WakeupException e) {
                    continue; // stop() woke us up: the loop condition decides
                }
                if (paused) {
                    c.pause(c.assignment()); // partitions assigned while paused start paused too
                }
                for (ConsumerRecord<String, String> r : records) {
                    if (backlog.isEmpty() && inFlight() < settings.maxInFlight()) {
                        dispatch(r);
                    } else {
                        backlog.add(r); // taken from the broker but not started: not committed, kept in order
                    }
                }
                if (System.nanoTime() - lastCommit >= settings.commitInterval().toNanos()) {
                    commit(c, false, null);
                    lastCommit = System.nanoTime();
                }
            }
            backlog.clear(); // never started: the next owner of their partitions takes them from the broker
            drain(null);
            commit(c, true, null);
        } catch (RuntimeException e) {
            log.error("consumer {} stopped polling: {}", name, e.toString(), e);
        } finally {
            try {
                c.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.warn("consumer {} did not close cleanly: {}", name, e.toString());
            }
            consumer = null;
            assigned = List.of();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        private final Consumer<String, String> c;

        Rebalance(Consumer<String, String> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (revoked.isEmpty()) {
                return;
            }
            dropBacklog(revoked);
            drain(revoked);
            commit(c, true, revoked);
            forget(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            dropBacklog(lost);
            forget(lost); // another member may already hold them: no commit
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> added) {
            synchronized (lock) {
                for (TopicPartition tp : added) {
                    partitions.putIfAbsent(tp, new PartitionState());
                }
                assigned = List.copyOf(partitions.keySet());
            }
        }
    }

    /** Records of these partitions that were taken but never started: their next owner reads them again. */
    private void dropBacklog(Collection<TopicPartition> tps) {
        backlog.removeIf(r -> tps.contains(new TopicPartition(r.topic(), r.partition())));
    }

    private void forget(Collection<TopicPartition> tps) {
        synchronized (lock) {
            for (TopicPartition tp : tps) {
                PartitionState ps = partitions.remove(tp);
                if (ps != null) {
                    ps.revoked = true;
                    if (!ps.unfinished.isEmpty()) {
                        log.warn("consumer {}: {} record(s) of {} still in flight after the partition moved; they"
                                + " finish here and may be handled again by its new owner", name,
                                ps.unfinished.size(), tp);
                    }
                }
            }
            assigned = List.copyOf(partitions.keySet());
        }
    }

    /** Waits until the records of these partitions (all when null) have been handled, or the drain timeout. */
    private void drain(Collection<TopicPartition> tps) {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        synchronized (lock) {
            while (true) {
                boolean busy = false;
                for (var e : partitions.entrySet()) {
                    if ((tps == null || tps.contains(e.getKey())) && !e.getValue().unfinished.isEmpty()) {
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

    /** Commits, for each partition (of {@code only}, or all), the offset below which everything was handled. */
    private void commit(Consumer<String, String> c, boolean sync, Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, PartitionState> states = new HashMap<>();
        synchronized (lock) {
            partitions.forEach((tp, ps) -> {
                long at = ps.committable();
                if ((only == null || only.contains(tp)) && at > ps.committed) {
                    offsets.put(tp, new OffsetAndMetadata(at));
                    states.put(tp, ps);
                }
            });
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            if (sync) {
                c.commitSync(offsets, Duration.ofSeconds(10));
                committed(offsets, states);
            } else {
                c.commitAsync(offsets, (done, error) -> {
                    if (error == null) {
                        committed(offsets, states);
                    } else {
                        log.debug("consumer {}: commit failed, the next one covers it: {}", name, error.toString());
                    }
                });
            }
        } catch (RuntimeException e) {
            log.warn("consumer {}: commit of {} failed; those records may be handled again: {}", name,
                    offsets.keySet(), e.toString());
        }
    }

    private void committed(Map<TopicPartition, OffsetAndMetadata> offsets, Map<TopicPartition, PartitionState> states) {
        synchronized (lock) {
            offsets.forEach((tp, o) -> {
                PartitionState ps = states.get(tp);
                ps.committed = Math.max(ps.committed, o.offset());
            });
        }
    }

    // --- handling ----------------------------------------------------------------------------------------------------

    /** One record taken from the broker, with the state of the partition it came from. */
    private record Work(ConsumerRecord<String, String> record, PartitionState partition, String key) {
    }

    private static final class PartitionState {
        /** Offsets taken and not yet handled. */
        final TreeSet<Long> unfinished = new TreeSet<>();
        /** The offset after the last record taken; -1 before the first. */
        long next = -1;
        long committed = -1;
        boolean revoked;

        long committable() {
            return unfinished.isEmpty() ? next : unfinished.first();
        }
    }

    private void dispatch(ConsumerRecord<String, String> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Work work;
        boolean first;
        if (!wanted.test(r)) {
            synchronized (lock) { // handled, in its place: committable once everything before it is
                partitions.computeIfAbsent(tp, k -> new PartitionState()).next = r.offset() + 1;
            }
            return;
        }
        synchronized (lock) {
            PartitionState ps = partitions.computeIfAbsent(tp, k -> new PartitionState());
            ps.unfinished.add(r.offset());
            ps.next = r.offset() + 1;
            inFlight++;
            String key = r.key() != null ? r.key() : tp + "@" + r.offset(); // no key: no order to keep
            work = new Work(r, ps, key);
            ArrayDeque<Work> queue = keys.computeIfAbsent(key, k -> new ArrayDeque<>());
            queue.add(work);
            first = queue.size() == 1;
        }
        if (first) {
            handle(work);
        }
    }

    private void handle(Work work) {
        ConsumerRecord<String, String> r = work.record();
        Observation observation = KafkaListenerObservation.LISTENER_OBSERVATION.observation(null,
                KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
                () -> new KafkaRecordReceiverContext(r, name, name, groupId, () -> null), observations);
        observation.start();
        long[] firstFailure = {0};
        // what the handler does while it is subscribed to sees the record's observation (trace ids in logs)
        try (Observation.Scope scope = observation.openScope()) {
            Mono.defer(() -> handler.apply(r))
                    .timeout(settings.recordTimeout())
                    .retryWhen(Retry.from(signals -> signals.concatMap(signal -> {
                        Throwable e = signal.failure();
                        if (firstFailure[0] == 0) {
                            firstFailure[0] = System.nanoTime();
                        }
                        Duration wait = retryAfter(e, signal.totalRetries(), System.nanoTime() - firstFailure[0]);
                        if (wait == null) {
                            return Mono.error(e);
                        }
                        log.warn("consumer {}: {}-{}@{} failed, retrying in {} ms: {}", name, r.topic(),
                                r.partition(), r.offset(), wait.toMillis(), e.toString());
                        return Mono.delay(wait);
                    })))
                    .onErrorResume(e -> deadLetter(r, e))
                    .contextWrite(ctx -> ctx.put(ObservationThreadLocalAccessor.KEY, observation))
                    .doFinally(signal -> {
                        observation.stop();
                        finished(work);
                    })
                    .subscribe(null, e -> log.error("consumer {}: {}-{}@{} could not be handled: {}", name,
                            r.topic(), r.partition(), r.offset(), e.toString()));
        }
    }

    /** The pause before the next attempt, or null to give up (then the record is dead-lettered). */
    private Duration retryAfter(Throwable e, long retriesSoFar, long failingForNanos) {
        if (Causes.has(e, EventDecodingException.class)) {
            return null;
        }
        if (TransientFailures.isTransient(e)) {
            if (failingForNanos >= settings.outageMaxWait().toNanos()) {
                return null;
            }
            return Duration.ofMillis(Math.min(5_000, 250L << Math.min(retriesSoFar, 5)));
        }
        return retriesSoFar + 1 < settings.attempts() ? settings.retryInterval() : null;
    }

    private Mono<Void> deadLetter(ConsumerRecord<String, String> r, Throwable e) {
        if (deadLetters == null) {
            log.error("consumer {}: {}-{}@{} failed and is skipped: {}", name, r.topic(), r.partition(), r.offset(),
                    e.toString());
            return Mono.empty();
        }
        Exception ex = e instanceof Exception x ? x : new IllegalStateException(e);
        // the recoverer waits for the broker's acknowledgement: off the reactive threads
        return Mono.<Void>fromRunnable(() -> deadLetters.accept(r, ex)).subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(failure -> {
                    log.error("consumer {}: {}-{}@{} could not be dead-lettered and is skipped: {}", name, r.topic(),
                            r.partition(), r.offset(), failure.toString());
                    return Mono.empty();
                });
    }

    /** A record was handled (or given up): its offset may be committed, and the next of its key starts. */
    private void finished(Work work) {
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
        if (next != null) {
            Work successor = next;
            // not on this thread's stack: a long run of one key's records that finish at once would nest deeply
            Schedulers.parallel().schedule(() -> handle(successor));
        }
    }
}
