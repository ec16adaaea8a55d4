package com.smartsupport.platform.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a record that fails is retried ({@code smart.kafka.retry.*}), alike by the listener containers and the
 * {@link KeyOrderedConsumer}s (docs/events.md, "Delivery").
 *
 * @param attempts      retries after the first try of a record that fails for a reason of its own; then it goes to
 *                      the dead-letter topic
 * @param intervalMs    the pause between those tries, in milliseconds
 * @param outageMaxWait how long a record that fails because of an outage ({@code TransientFailures}) is retried,
 *                      with back-off
 */
@ConfigurationProperties("smart.kafka.retry")
public record KafkaRetryProperties(
        @DefaultValue("3") int attempts,
        @DefaultValue("200") long intervalMs,
        @DefaultValue("15m") Duration outageMaxWait) {

    /** The pause between the tries of a record that fails for a reason of its own. */
    public Duration interval() {
        return Duration.ofMillis(intervalMs);
    }
}
