package com.smartsupport.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import reactor.core.publisher.Mono;

/**
 * Makes {@link KeyOrderedConsumer}s that share the service's Kafka consumer settings ({@code spring.kafka.consumer.*}),
 * its dead-letter recoverer, the retry rules of the listener containers ({@code smart.kafka.retry.*}), its meters
 * and its tracing. Declare the result as a bean so that it starts and stops with the application.
 */
public class KeyOrderedConsumers {
    private final ConsumerFactory<String, String> factory;
    private final ConsumerRecordRecoverer deadLetters;
    private final int attempts;
    private final Duration retryInterval;
    private final Duration outageMaxWait;
    private final GroupMembershipProperties membership;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;

    public KeyOrderedConsumers(
            ConsumerFactory<String, String> factory,
            ConsumerRecordRecoverer deadLetters,
            int attempts,
            Duration retryInterval,
            Duration outageMaxWait,
            GroupMembershipProperties membership,
            MeterRegistry meters,
            ObservationRegistry observations) {
        this.membership = membership;
        this.factory = factory;
        this.deadLetters = deadLetters;
        this.attempts = attempts;
        this.retryInterval = retryInterval;
        this.outageMaxWait = outageMaxWait;
        this.meters = meters;
        this.observations = observations;
    }

    /**
     * @param name          names the consumer's thread, client id and metrics
     * @param maxInFlight   records handled at once at most
     * @param recordTimeout the longest one attempt at a record may take
     * @param drainTimeout  how long a rebalance or a stop waits for records in flight
     */
    public KeyOrderedConsumer create(
            String name,
            String groupId,
            Collection<String> topics,
            Function<ConsumerRecord<String, String>, Mono<Void>> handler,
            int maxInFlight,
            Duration recordTimeout,
            Duration drainTimeout) {
        return create(name, groupId, topics, r -> true, handler, maxInFlight, recordTimeout, drainTimeout);
    }

    /** The same, handling only the records {@code wanted} accepts (see {@link KeyOrderedConsumer}). */
    public KeyOrderedConsumer create(
            String name,
            String groupId,
            Collection<String> topics,
            Predicate<ConsumerRecord<String, String>> wanted,
            Function<ConsumerRecord<String, String>, Mono<Void>> handler,
            int maxInFlight,
            Duration recordTimeout,
            Duration drainTimeout) {
        return new KeyOrderedConsumer(
                name,
                factory,
                groupId,
                topics,
                wanted,
                handler,
                deadLetters,
                new KeyOrderedConsumer.Settings(
                        maxInFlight,
                        drainTimeout,
                        Duration.ofMillis(200),
                        recordTimeout,
                        attempts,
                        retryInterval,
                        outageMaxWait,
                        membership.groupInstanceId(name)),
                meters,
                observations);
    }
}
