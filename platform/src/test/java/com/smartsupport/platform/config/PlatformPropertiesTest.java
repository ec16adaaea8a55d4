package com.smartsupport.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.kafka.KafkaRetryProperties;
import com.smartsupport.platform.kafka.KafkaTopicProperties;
import com.smartsupport.platform.resilience.MongoTimeouts;
import com.smartsupport.platform.security.RevocationProperties;
import com.smartsupport.platform.web.LiveStreamProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The platform's settings: their defaults, and the names operators set them by. */
class PlatformPropertiesTest {

    private static <T> T bind(Map<String, String> properties, String prefix, Class<T> type) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, Bindable.of(type));
    }

    @Test
    void defaults() {
        assertThat(bind(Map.of(), "smart.kafka.retry", KafkaRetryProperties.class))
                .isEqualTo(new KafkaRetryProperties(3, 200, Duration.ofMinutes(15)));
        assertThat(bind(Map.of(), "smart.kafka", KafkaTopicProperties.class))
                .isEqualTo(new KafkaTopicProperties(12, (short) 1));
        assertThat(bind(Map.of(), "smart.mongodb", MongoTimeouts.class))
                .isEqualTo(new MongoTimeouts(
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2)));
        assertThat(bind(Map.of(), "smart.security.revocation", RevocationProperties.class)
                        .retention())
                .isEqualTo(Duration.ofHours(24));
        assertThat(bind(Map.of(), "smart.live", LiveStreamProperties.class).heartbeat())
                .isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theDocumentedNamesSetThem() {
        assertThat(bind(
                        Map.of(
                                "smart.kafka.retry.attempts",
                                "5",
                                "smart.kafka.retry.interval-ms",
                                "50",
                                "smart.kafka.retry.outage-max-wait",
                                "1m"),
                        "smart.kafka.retry",
                        KafkaRetryProperties.class))
                .isEqualTo(new KafkaRetryProperties(5, 50, Duration.ofMinutes(1)));
        assertThat(bind(
                        Map.of("smart.kafka.partitions", "24", "smart.kafka.replication-factor", "3"),
                        "smart.kafka",
                        KafkaTopicProperties.class))
                .isEqualTo(new KafkaTopicProperties(24, (short) 3));
        assertThat(bind(
                        Map.of("smart.mongodb.read-timeout", "9s", "smart.mongodb.health-timeout", "1s"),
                        "smart.mongodb",
                        MongoTimeouts.class))
                .extracting(MongoTimeouts::readTimeout, MongoTimeouts::healthTimeout)
                .containsExactly(Duration.ofSeconds(9), Duration.ofSeconds(1));
    }

    @Test
    void environmentVariablesInTheReadmeSpellingSetThem() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of(
                                        "SMART_MONGODB_SERVER_SELECTION_TIMEOUT",
                                        "7s",
                                        "SMART_KAFKA_REPLICATION_FACTOR",
                                        "3")));
        Binder binder = new Binder(ConfigurationPropertySources.get(environment));

        assertThat(binder.bindOrCreate("smart.mongodb", Bindable.of(MongoTimeouts.class))
                        .serverSelectionTimeout())
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(binder.bindOrCreate("smart.kafka", Bindable.of(KafkaTopicProperties.class))
                        .replicationFactor())
                .isEqualTo((short) 3);
    }
}
