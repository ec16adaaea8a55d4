package com.smartsupport.platform.kafka;

import com.smartsupport.platform.errors.Causes;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventDecodingException;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.privacy.RedactingDeadLetterRecoverer;
import com.smartsupport.platform.privacy.SecretRedactor;
import com.smartsupport.platform.resilience.TransientFailures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The Kafka conventions every service shares: the topics (created idempotently at start-up with the partition
 * count the design needs), a publisher that waits for the broker's acknowledgement, and an error handler that
 * retries a failing record a bounded number of times and then parks it on {@code <topic>.DLT} so that the
 * partition keeps flowing.
 */
@AutoConfiguration
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties({GroupMembershipProperties.class, KafkaRetryProperties.class, KafkaTopicProperties.class
})
public class KafkaEventsAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(KafkaEventsAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    @ConditionalOnMissingBean
    EventPublisher eventPublisher(KafkaTemplate<String, String> template, EventCodec codec) {
        return new EventPublisher(template, codec);
    }

    @Bean
    KafkaAdmin.NewTopics smartSupportTopics(KafkaTopicProperties settings) {
        int partitions = settings.partitions();
        short replicas = settings.replicationFactor();
        List<NewTopic> topics = new ArrayList<>();
        for (String name : Topics.ALL) {
            TopicBuilder topic = TopicBuilder.name(name).partitions(partitions).replicas(replicas);
            topics.add((Topics.COMPACTED.contains(name) ? topic.compact() : topic).build());
            topics.add(TopicBuilder.name(name + Topics.DEAD_LETTER_SUFFIX)
                    .partitions(partitions)
                    .replicas(replicas)
                    .build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    /**
     * Parks a record on {@code <topic>.DLT}, masked: a poison event may quote a customer's card number or a token,
     * and the dead-letter topic is read by operators and replay tools.
     */
    @Bean
    @ConditionalOnMissingBean(name = "smartDeadLetters")
    RedactingDeadLetterRecoverer smartDeadLetters(
            KafkaTemplate<String, String> template, ObjectProvider<MeterRegistry> meters) {
        return new RedactingDeadLetterRecoverer(template, (record, ex) -> {
            log.warn(
                    "event at {}-{}@{} goes to the dead-letter topic: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    deadLetterReason(ex));
            // smart_kafka_dead_letters_total{topic}: alerted on (deploy/prometheus/alerts.yml, SmartDeadLetters)
            meters.ifAvailable(m -> m.counter("smart.kafka.dead.letters", "topic", record.topic())
                    .increment());
            return new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, record.partition());
        });
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler kafkaErrorHandler(RedactingDeadLetterRecoverer smartDeadLetters, KafkaRetryProperties retry) {
        DefaultErrorHandler handler =
                new DefaultErrorHandler(smartDeadLetters, new FixedBackOff(retry.intervalMs(), retry.attempts()));
        handler.addNotRetryableExceptions(EventDecodingException.class);
        // an outage (MongoDB, the broker or a service unreachable) is waited out, not dead-lettered: the partition
        // pauses on the event, in order, until the outage ends or outageMaxWait has passed (alerted on as lag)
        ExponentialBackOff outage = new ExponentialBackOff(250, 2.0);
        outage.setMaxInterval(5_000);
        outage.setMaxElapsedTime(retry.outageMaxWait().toMillis());
        handler.setBackOffFunction((record, ex) -> {
            if (TransientFailures.isTransient(ex)) {
                log.warn(
                        "event at {}-{}@{} waits for an outage to end: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        rootCause(ex));
                return outage;
            }
            return null; // the default: a few quick attempts, then the dead-letter topic
        });
        return handler;
    }

    /**
     * Group membership for every consumer of the service: the protocol, and with the classic one a short session
     * timeout, so that a member that is really gone is replaced in seconds ({@link GroupMembershipProperties}).
     */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer smartGroupMembership(GroupMembershipProperties membership) {
        return factory -> factory.updateConfigs(membership.consumerConfigs());
    }

    /**
     * Static membership for the listener containers: each gets its own {@code group.instance.id} (member id and
     * listener id; the container adds {@code -n} per consumer when it runs several), so that two listeners of one
     * group in one instance never fence each other.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> smartStaticMembers(
            GroupMembershipProperties membership) {
        return container -> {
            String id = membership.groupInstanceId(container.getListenerId());
            if (id != null) {
                container
                        .getContainerProperties()
                        .getKafkaConsumerProperties()
                        .setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id);
            }
        };
    }

    /** Builds {@link KeyOrderedConsumer}s with the same retry and dead-letter rules as the listener containers. */
    @Bean
    @ConditionalOnMissingBean
    KeyOrderedConsumers keyOrderedConsumers(
            ConsumerFactory<String, String> factory,
            RedactingDeadLetterRecoverer smartDeadLetters,
            KafkaRetryProperties retry,
            GroupMembershipProperties membership,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ObservationRegistry> observations) {
        // the containers' FixedBackOff(interval, attempts) means attempts retries after the first try
        return new KeyOrderedConsumers(
                factory,
                smartDeadLetters,
                retry.attempts() + 1,
                retry.interval(),
                retry.outageMaxWait(),
                membership,
                meters.getIfAvailable(),
                observations.getIfAvailable());
    }

    /** Why a record is parked, without the listener wrapper and with any secret the message quotes masked. */
    static String deadLetterReason(Throwable ex) {
        Throwable cause = Causes.first(
                        ex, t -> !(t instanceof ListenerExecutionFailedException) || t.getCause() == null)
                .orElse(ex);
        return cause.getClass().getSimpleName() + ": " + SecretRedactor.redact(String.valueOf(cause.getMessage()));
    }

    private static String rootCause(Throwable ex) {
        return Causes.root(ex).getClass().getSimpleName();
    }
}
