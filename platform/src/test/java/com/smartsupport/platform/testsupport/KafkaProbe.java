package com.smartsupport.platform.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning with a throw-away consumer group, to assert what a service published. */
public final class KafkaProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KafkaProbe() {}

    /** The first record that matches, or an AssertionError after 30 s. */
    public static ConsumerRecord<String, String> awaitRecord(
            String bootstrap, String topic, Predicate<ConsumerRecord<String, String>> match) {
        List<ConsumerRecord<String, String>> found = awaitRecords(bootstrap, topic, match, match);
        return found.get(found.size() - 1);
    }

    /** Every record that matches {@code keep}, in order, up to and including the first that matches {@code last}. */
    public static List<ConsumerRecord<String, String>> awaitRecords(
            String bootstrap,
            String topic,
            Predicate<ConsumerRecord<String, String>> keep,
            Predicate<ConsumerRecord<String, String>> last) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (var consumer = fromTheBeginning(bootstrap, topic)) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (keep.test(r)) {
                        found.add(r);
                        if (last.test(r)) {
                            return found;
                        }
                    }
                }
            }
        }
        throw new AssertionError(
                "no matching record on " + topic + " within " + TIMEOUT + "; " + found.size() + " partial match(es)");
    }

    /** Every record that matches, read from the beginning for {@code window} (to count, e.g., that no more came). */
    public static List<ConsumerRecord<String, String>> records(
            String bootstrap, String topic, Predicate<ConsumerRecord<String, String>> keep, Duration window) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (var consumer = fromTheBeginning(bootstrap, topic)) {
            long deadline = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (keep.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    /** A consumer of a throw-away group, subscribed to the topic from its first record. */
    private static KafkaConsumer<String, String> fromTheBeginning(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
