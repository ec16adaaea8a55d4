package com.smartsupport.platform.kafka;

import com.smartsupport.platform.resilience.TransientFailures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Consumes a topic with many records in flight at once while keeping the order of each key: records of one key (a
 * conversation) are handled one after another, records of different keys concurrently, up to
 * {@link Settings#maxInFlight()} per instance. For work that mostly waits, such as a model streaming a reply: a
 * listener thread per partition would answer one message at a time, so the replies in flight, and with them the
 * throughput, would be bounded by the partition count (CHANGELOG.md).
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
 *
 * <p>The parts: {@link InFlightRecords} (the records in flight, by key and by partition), {@link RecordHandling}
 * with {@link RecordRetries} (one record's handling), {@link OffsetCommits} (what is committed when); this class
 * owns the consumer, its polling thread and the hand-over of partitions.
 */
public final class KeyOrderedConsumer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(KeyOrderedConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** While records wait for room, the loop comes back soon to start them. */
    private static final Duration BUSY_POLL = Duration.ofMillis(10);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

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
    public record Settings(
            int maxInFlight,
            Duration drainTimeout,
            Duration commitInterval,
            Duration recordTimeout,
            int attempts,
            Duration retryInterval,
            Duration outageMaxWait,
            String groupInstanceId) {
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
    private final Predicate<ConsumerRecord<String, String>> wanted;
    private final Settings settings;
    private final InFlightRecords records;
    private final RecordHandling handling;
    private final OffsetCommits commits;
    private final Object lifecycle = new Object();

    /** Records taken from the broker while {@code maxInFlight} were in flight; only the polling thread uses it. */
    private final ArrayDeque<ConsumerRecord<String, String>> backlog = new ArrayDeque<>();

    private volatile boolean running;
    private volatile Thread thread;
    private volatile Consumer<String, String> consumer;

    public KeyOrderedConsumer(
            String name,
            ConsumerFactory<String, String> factory,
            String groupId,
            Collection<String> topics,
            Function<ConsumerRecord<String, String>, Mono<Void>> handler,
            ConsumerRecordRecoverer deadLetters,
            Settings settings,
            MeterRegistry meters,
            ObservationRegistry observations) {
        this(name, factory, groupId, topics, r -> true, handler, deadLetters, settings, meters, observations);
    }

    /**
     * @param wanted which records to handle; the others (decided from key and headers, say, without parsing) are
     *               passed over as handled at once, in their place: no observation, no retries, nothing in flight
     */
    public KeyOrderedConsumer(
            String name,
            ConsumerFactory<String, String> factory,
            String groupId,
            Collection<String> topics,
            Predicate<ConsumerRecord<String, String>> wanted,
            Function<ConsumerRecord<String, String>, Mono<Void>> handler,
            ConsumerRecordRecoverer deadLetters,
            Settings settings,
            MeterRegistry meters,
            ObservationRegistry observations) {
        this.wanted = wanted;
        this.name = name;
        this.factory = factory;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
        this.settings = settings;
        this.records = new InFlightRecords(name);
        this.handling = new RecordHandling(
                name,
                groupId,
                handler,
                settings.recordTimeout(),
                new RecordRetries(name, settings.attempts(), settings.retryInterval(), settings.outageMaxWait()),
                deadLetters,
                observations == null ? ObservationRegistry.NOOP : observations);
        this.commits = new OffsetCommits(name, records, settings.commitInterval());
        if (meters != null) {
            Gauge.builder("smart.kafka.consumer.in.flight", this, KeyOrderedConsumer::inFlight)
                    .description("Records being handled or waiting for an earlier record of their key")
                    .tag("consumer", name)
                    .register(meters);
        }
    }

    /** Records being handled, or waiting for an earlier record of the same key. */
    public int inFlight() {
        return records.count();
    }

    /** The partitions this instance holds now. */
    public List<TopicPartition> assignedPartitions() {
        return records.assigned();
    }

    // --- lifecycle -------------------------------------------------------------------------------------------------

    @Override
    public void start() {
        synchronized (lifecycle) {
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
        synchronized (lifecycle) {
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
        Properties overrides = new Properties();
        if (settings.groupInstanceId() != null) {
            overrides.setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.groupInstanceId());
        }
        Consumer<String, String> c = factory.createConsumer(groupId, name, null, overrides);
        consumer = c;
        boolean paused = false;
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
                ConsumerRecords<String, String> polled;
                try {
                    polled = c.poll(full ? BUSY_POLL : POLL);
                } catch (WakeupException e) {
                    continue; // stop() woke us up: the loop condition decides
                }
                if (paused) {
                    c.pause(c.assignment()); // partitions assigned while paused start paused too
                }
                for (ConsumerRecord<String, String> r : polled) {
                    if (backlog.isEmpty() && inFlight() < settings.maxInFlight()) {
                        dispatch(r);
                    } else {
                        backlog.add(r); // taken from the broker but not started: not committed, kept in order
                    }
                }
                commits.commitIfDue(c);
            }
            backlog.clear(); // never started: the next owner of their partitions takes them from the broker
            records.awaitHandled(null, settings.drainTimeout());
            commits.commit(c, true, null);
        } catch (RuntimeException e) {
            log.error("consumer {} stopped polling: {}", name, e.toString(), e);
        } finally {
            try {
                c.close(CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                log.warn("consumer {} did not close cleanly: {}", name, e.toString());
            }
            consumer = null;
            records.closed();
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
            records.awaitHandled(revoked, settings.drainTimeout());
            commits.commit(c, true, revoked);
            records.forget(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            dropBacklog(lost);
            records.forget(lost); // another member may already hold them: no commit
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> added) {
            records.assign(added);
        }
    }

    /** Records of these partitions that were taken but never started: their next owner reads them again. */
    private void dropBacklog(Collection<TopicPartition> tps) {
        backlog.removeIf(r -> tps.contains(new TopicPartition(r.topic(), r.partition())));
    }

    // --- handling ----------------------------------------------------------------------------------------------------

    private void dispatch(ConsumerRecord<String, String> r) {
        if (!wanted.test(r)) {
            records.passOver(r);
            return;
        }
        InFlightRecords.Work first = records.take(r);
        if (first != null) {
            handle(first);
        }
    }

    private void handle(InFlightRecords.Work work) {
        handling.handle(work.record(), () -> finished(work));
    }

    /** A record was handled (or given up): the next of its key starts. */
    private void finished(InFlightRecords.Work work) {
        InFlightRecords.Work next = records.finished(work);
        if (next != null) {
            // not on this thread's stack: a long run of one key's records that finish at once would nest deeply
            Schedulers.parallel().schedule(() -> handle(next));
        }
    }
}
