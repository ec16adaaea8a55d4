package com.smartsupport.platform.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the topics are created at start-up ({@code smart.kafka.partitions}, {@code smart.kafka.replication-factor}):
 * the partitions bound how many instances of a consumer group share the work (docs/events.md).
 *
 * @param partitions        of every topic and its dead-letter topic
 * @param replicationFactor copies of each partition (1 on a single broker; production sets 3)
 */
@ConfigurationProperties("smart.kafka")
public record KafkaTopicProperties(
        @DefaultValue("12") int partitions,
        @DefaultValue("1") short replicationFactor) {}
