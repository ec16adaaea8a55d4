package com.smartsupport.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.smartsupport.platform.events.EventDecodingException;
import com.smartsupport.platform.testsupport.EmbeddedInfra;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import reactor.core.publisher.Mono;

/**
 * The keyed concurrent consumer against a real (embedded) broker: many records in flight, one key's records in
 * order and never at once, commits only below what was handled, a slow record holding back only its own key, a
 * stop and a rebalance that hand over without handling anything twice, retries and the dead-letter recoverer.
 */
class KeyOrderedConsumerTest {
    final String bootstrap = EmbeddedInfra.kafkaBootstrapServers();
    final String topic = "test.keyed." + UUID.randomUUID();
    final String group = "keyed-" + UUID.randomUUID();
    final List<KeyOrderedConsumer> started = new ArrayList<>();
    final List<ConsumerRecord<?, ?>> deadLettered = new CopyOnWriteArrayList<>();

    /** Every handling: key, value, start and end (nanos), and which consumer. */
    record Handled(String key, String value, long start, long end, String by) {}

    final List<Handled> handled = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(KeyOrderedConsumer::stop);
    }

    void createTopic(int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    void send(List<ProducerRecord<String, String>> records) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    KeyOrderedConsumer consumer(
            String name, int maxInFlight, Duration drain, Function<ConsumerRecord<String, String>, Mono<Void>> work) {
        return consumer(name, maxInFlight, drain, r -> true, work);
    }

    KeyOrderedConsumer consumer(
            String name,
            int maxInFlight,
            Duration drain,
            Predicate<ConsumerRecord<String, String>> wanted,
            Function<ConsumerRecord<String, String>, Mono<Void>> work) {
        return consumer(name, maxInFlight, drain, wanted, work, null, Map.of());
    }

    KeyOrderedConsumer consumer(
            String name,
            int maxInFlight,
            Duration drain,
            Predicate<ConsumerRecord<String, String>> wanted,
            Function<ConsumerRecord<String, String>, Mono<Void>> work,
            String groupInstanceId,
            Map<String, Object> extraConfigs) {
        Map<String, Object> configs = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false));
        configs.putAll(extraConfigs);
        var factory = new DefaultKafkaConsumerFactory<>(configs, new StringDeserializer(), new StringDeserializer());
        KeyOrderedConsumer c = new KeyOrderedConsumer(
                name,
                factory,
                group,
                List.of(topic),
                wanted,
                r -> {
                    long start = System.nanoTime();
                    return work.apply(r)
                            .doOnSuccess(
                                    v -> handled.add(new Handled(r.key(), r.value(), start, System.nanoTime(), name)));
                },
                (record, e) -> deadLettered.add(record),
                new KeyOrderedConsumer.Settings(
                        maxInFlight,
                        drain,
                        Duration.ofMillis(100),
                        Duration.ofSeconds(30),
                        3,
                        Duration.ofMillis(50),
                        Duration.ofSeconds(5),
                        groupInstanceId),
                null,
                null);
        started.add(c);
        c.start();
        return c;
    }

    static Mono<Void> sleep(long ms) {
        return Mono.delay(Duration.ofMillis(ms)).then();
    }

    long committed() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            return offsets.values().stream()
                    .filter(o -> o != null)
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
        }
    }

    @Test
    void recordsOfDifferentKeysRunAtOnceAndEachKeysRecordsOneAfterAnotherInOrder() throws Exception {
        createTopic(2);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < 40; k++) {
                records.add(new ProducerRecord<>(topic, "conv-" + k, "conv-" + k + "#" + i));
            }
        }
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        long t0 = System.nanoTime();
        consumer(
                "c1",
                64,
                Duration.ofSeconds(10),
                r -> Mono.defer(() -> {
                    most.accumulateAndGet(now.incrementAndGet(), Math::max);
                    return sleep(100).doFinally(s -> now.decrementAndGet());
                }));
        send(records);
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 200);
        double seconds = (System.nanoTime() - t0) / 1e9;

        // 200 records of 100 ms: one at a time would take 20 s; 40 keys at once, 5 rounds
        assertThat(most.get()).as("records in flight at once").isBetween(20, 64);
        assertThat(seconds).as("seconds for 200 records of 100 ms").isLessThan(10);
        for (int k = 0; k < 40; k++) {
            String key = "conv-" + k;
            List<Handled> mine = handled.stream()
                    .filter(h -> h.key().equals(key))
                    .sorted(Comparator.comparingLong(Handled::start))
                    .toList();
            assertThat(mine)
                    .extracting(Handled::value)
                    .containsExactly(key + "#0", key + "#1", key + "#2", key + "#3", key + "#4");
            for (int i = 1; i < mine.size(); i++) {
                assertThat(mine.get(i).start())
                        .as("%s: never two at once", key)
                        .isGreaterThanOrEqualTo(mine.get(i - 1).end());
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 200);
    }

    @Test
    void aSlowRecordHoldsBackOnlyItsOwnKeyAndTheCommitStopsBelowIt() throws Exception {
        createTopic(1);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        records.add(new ProducerRecord<>(topic, "slow", "slow#0"));
        for (int i = 0; i < 20; i++) {
            records.add(new ProducerRecord<>(topic, "fast-" + i, "fast#" + i));
        }
        records.add(new ProducerRecord<>(topic, "slow", "slow#1"));
        consumer("c1", 64, Duration.ofSeconds(10), r -> r.value().equals("slow#0") ? sleep(3000) : Mono.empty());
        send(records);

        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        handled.stream().filter(h -> h.key().startsWith("fast")).count() == 20);
        assertThat(handled).extracting(Handled::value).doesNotContain("slow#0", "slow#1");
        Thread.sleep(500); // a few commit rounds
        assertThat(committed())
                .as("nothing at or above the slow record's offset 0 is committed")
                .isZero();

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 22);
        assertThat(handled.get(handled.size() - 1).value()).isEqualTo("slow#1");
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 22);
    }

    @Test
    void unwantedRecordsArePassedOverInTheirPlaceAndTheCommitStillStopsBelowTheSlowOne() throws Exception {
        createTopic(1);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        records.add(new ProducerRecord<>(topic, "a", "slow#0"));
        for (int i = 0; i < 10; i++) {
            records.add(new ProducerRecord<>(topic, "a", "skip#" + i));
            records.add(new ProducerRecord<>(topic, "b", "keep#" + i));
        }
        consumer(
                "c1",
                64,
                Duration.ofSeconds(10),
                r -> !r.value().startsWith("skip"),
                r -> r.value().equals("slow#0") ? sleep(2000) : Mono.empty());
        send(records);

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 10);
        assertThat(handled)
                .extracting(Handled::value)
                .noneMatch(v -> v.startsWith("skip"))
                .doesNotContain("slow#0");
        Thread.sleep(500);
        assertThat(committed())
                .as("passed-over records after the slow one are not committed before it")
                .isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 11);
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 21);
        assertThat(handled).extracting(Handled::value).noneMatch(v -> v.startsWith("skip"));
    }

    @Test
    void neverMoreThanMaxInFlightAtOnce() throws Exception {
        createTopic(3);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            records.add(new ProducerRecord<>(topic, "k" + i, "v" + i));
        }
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        consumer(
                "c1",
                5,
                Duration.ofSeconds(10),
                r -> Mono.defer(() -> {
                    most.accumulateAndGet(now.incrementAndGet(), Math::max);
                    return sleep(50).doFinally(s -> now.decrementAndGet());
                }));
        send(records);
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 60);
        // a poll returns all 60 at once: what does not fit waits for room
        assertThat(most.get()).isEqualTo(5);
        assertThat(handled).hasSize(60);
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 60);
    }

    @Test
    void aStopWaitsForTheRecordsInFlightAndCommitsThemSoTheNextConsumerDoesNotHandleThemAgain() throws Exception {
        createTopic(2);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            records.add(new ProducerRecord<>(topic, "k" + (i % 10), "v" + i));
        }
        KeyOrderedConsumer first = consumer("first", 64, Duration.ofSeconds(20), r -> sleep(300));
        send(records);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.inFlight() > 0 && !handled.isEmpty());
        first.stop();
        int handledByFirst = handled.size();
        assertThat(first.inFlight()).as("nothing left in flight after the stop").isZero();
        assertThat(handledByFirst)
                .as("all 30 were taken and finished before the stop returned")
                .isEqualTo(30);
        assertThat(committed()).isEqualTo(30);

        consumer("second", 64, Duration.ofSeconds(10), r -> Mono.empty());
        Thread.sleep(3000);
        assertThat(handled).as("the second consumer handled nothing again").hasSize(30);
    }

    /**
     * Static membership (GroupMembershipProperties): an instance that stops and comes back under its member id is
     * given its own partitions again at once; meanwhile the other member keeps exactly its own (no rebalance, so a
     * restart never moves every conversation around), and nothing is handled twice. Both group protocols.
     */
    @ParameterizedTest
    @EnumSource(GroupMembershipProperties.Protocol.class)
    void aStaticMemberThatRestartsGetsItsPartitionsBackAndTheOtherMemberNeverTakesThem(
            GroupMembershipProperties.Protocol protocol) throws Exception {
        createTopic(4);
        GroupMembershipProperties membership =
                new GroupMembershipProperties("node", protocol, Duration.ofSeconds(6), Duration.ofMillis(1500));
        Map<String, Object> configs = membership.consumerConfigs();
        KeyOrderedConsumer a = consumer(
                "a", 64, Duration.ofSeconds(5), r -> true, r -> Mono.empty(), membership.groupInstanceId("a"), configs);
        KeyOrderedConsumer b = consumer(
                "b", 64, Duration.ofSeconds(5), r -> true, r -> Mono.empty(), membership.groupInstanceId("b"), configs);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> a.assignedPartitions().size() == 2
                        && b.assignedPartitions().size() == 2);
        List<TopicPartition> ofA = List.copyOf(a.assignedPartitions());
        List<TopicPartition> ofB = List.copyOf(b.assignedPartitions());

        a.stop();
        started.remove(a);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(new ProducerRecord<>(topic, i % 4, "k" + i, "v" + i));
        }
        send(records);
        // what was sent to b's partitions is handled; a's wait for a, and b is never given them
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() >= 20);
        for (int i = 0; i < 10; i++) {
            assertThat(b.assignedPartitions())
                    .as("the other member keeps its own partitions")
                    .containsExactlyInAnyOrderElementsOf(ofB);
            Thread.sleep(100);
        }
        assertThat(handled).hasSize(20).allMatch(h -> h.by().equals("b"));

        KeyOrderedConsumer again = consumer(
                "a", 64, Duration.ofSeconds(5), r -> true, r -> Mono.empty(), membership.groupInstanceId("a"), configs);
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() >= 40);
        assertThat(again.assignedPartitions())
                .as("the restarted member has its partitions back")
                .containsExactlyInAnyOrderElementsOf(ofA);
        assertThat(b.assignedPartitions()).containsExactlyInAnyOrderElementsOf(ofB);
        Thread.sleep(300);
        Map<String, Integer> times = new ConcurrentHashMap<>();
        handled.forEach(h -> times.merge(h.value(), 1, Integer::sum));
        assertThat(times).hasSize(40);
        assertThat(times.values()).as("each record handled once").allMatch(n -> n == 1);
    }

    @Test
    void aConsumerJoiningTheGroupTakesOverPartitionsWithoutAnyRecordHandledTwice() throws Exception {
        createTopic(4);
        KeyOrderedConsumer first = consumer("first", 64, Duration.ofSeconds(20), r -> sleep(400));
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            records.add(new ProducerRecord<>(topic, "k" + (i % 25), "v" + i));
        }
        send(records.subList(0, 100)); // 4 rounds of 25 keys: busy for about 1.6 s
        await().atMost(Duration.ofSeconds(10)).until(() -> first.inFlight() > 0);
        KeyOrderedConsumer second = consumer("second", 64, Duration.ofSeconds(20), r -> sleep(400));
        // the group rebalances while the first has records in flight: it finishes what it had taken of the
        // partitions it gives up (and commits it) before the second may read them
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !second.assignedPartitions().isEmpty());
        assertThat(handled).as("handled before the hand-over").hasSize(100).allMatch(h -> h.by().equals("first"));
        send(records.subList(100, 200));
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= 200);
        Thread.sleep(1000);

        Map<String, Integer> times = new ConcurrentHashMap<>();
        handled.forEach(h -> times.merge(h.value(), 1, Integer::sum));
        assertThat(times).hasSize(200);
        assertThat(times.values()).as("each record handled once").allMatch(n -> n == 1);
        assertThat(handled).as("the second consumer took a share").anyMatch(h -> h.by().equals("second"));
        assertThat(handled)
                .as("and the first kept one")
                .anyMatch(h ->
                        h.by().equals("first") && Integer.parseInt(h.value().substring(1)) >= 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 200);
    }

    @Test
    void aFailingRecordIsRetriedThenDeadLetteredAndItsKeyGoesOnAnOutageIsWaitedOut() throws Exception {
        createTopic(1);
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        consumer(
                "c1",
                64,
                Duration.ofSeconds(10),
                r -> Mono.defer(() -> {
                    int n = attempts.computeIfAbsent(r.value(), v -> new AtomicInteger())
                            .incrementAndGet();
                    return switch (r.value()) {
                        case "poison" -> Mono.error(new IllegalStateException("breaks an invariant"));
                        case "unreadable" -> Mono.error(new EventDecodingException("not an event", null));
                        case "outage" -> n < 4 ? Mono.error(new ConnectException("down")) : Mono.empty();
                        default -> Mono.empty();
                    };
                }));
        send(List.of(
                new ProducerRecord<>(topic, "a", "poison"),
                new ProducerRecord<>(topic, "a", "after-poison"),
                new ProducerRecord<>(topic, "b", "unreadable"),
                new ProducerRecord<>(topic, "c", "outage"),
                new ProducerRecord<>(topic, "c", "after-outage")));
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 3);

        assertThat(deadLettered).extracting(r -> (String) r.value()).containsExactlyInAnyOrder("poison", "unreadable");
        assertThat(attempts.get("poison")).hasValue(3);
        assertThat(attempts.get("unreadable"))
                .as("an unreadable event is not retried")
                .hasValue(1);
        assertThat(attempts.get("outage")).as("retried until the outage ended").hasValue(4);
        assertThat(handled)
                .extracting(Handled::value)
                .containsExactlyInAnyOrder("after-poison", "outage", "after-outage");
        List<String> keyC = handled.stream()
                .filter(h -> h.key().equals("c"))
                .map(Handled::value)
                .toList();
        assertThat(keyC).containsExactly("outage", "after-outage");
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 5);
    }
}
