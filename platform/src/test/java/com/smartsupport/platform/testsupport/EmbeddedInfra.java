package com.smartsupport.platform.testsupport;

import com.smartsupport.platform.events.Topics;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real parts integration tests run against when no Docker engine is there: a real Apache Kafka broker in
 * KRaft mode (in-process, from the Kafka artifacts) and an in-memory MongoDB-wire server. Started once per test
 * JVM and shared by every test class, so that Spring's context cache can reuse application contexts too.
 */
public final class EmbeddedInfra {
    private static EmbeddedKafkaKraftBroker kafka;
    private static MongoServer mongo;
    private static String mongoUri;

    private EmbeddedInfra() {}

    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 12);
            broker.brokerProperties(Map.of(
                    "group.initial.rebalance.delay.ms",
                    "0",
                    "offsets.topic.replication.factor",
                    "1",
                    "transaction.state.log.replication.factor",
                    "1",
                    "transaction.state.log.min.isr",
                    "1",
                    // as ./run's broker: KIP-848 members (smart.kafka.membership.protocol=consumer) may ask for 6 s
                    "group.consumer.min.session.timeout.ms",
                    "6000",
                    "group.consumer.session.timeout.ms",
                    "6000",
                    "group.consumer.min.heartbeat.interval.ms",
                    "1000",
                    "group.consumer.heartbeat.interval.ms",
                    "1500"));
            broker.afterPropertiesSet();
            for (String topic : Topics.ALL) {
                broker.addTopics(topic, topic + Topics.DEAD_LETTER_SUFFIX);
            }
            kafka = broker;
        }
        return kafka.getBrokersAsString();
    }

    public static synchronized String mongoUri() {
        if (mongo == null) {
            mongo = new MongoServer(new MemoryBackend());
            InetSocketAddress address = mongo.bind();
            mongoUri = "mongodb://127.0.0.1:" + address.getPort();
        }
        return mongoUri;
    }

    /** Points a Spring Boot test at the embedded broker, the embedded MongoDB and the test JWK set. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", EmbeddedInfra::kafkaBootstrapServers);
        registry.add("spring.mongodb.uri", EmbeddedInfra::mongoUri);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens::jwkSetUri);
    }
}
