package com.smartsupport.platform.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this instance's consumers belong to their consumer groups ({@code smart.kafka.membership.*}), so that a crash
 * costs customers seconds, not the minute of Kafka's defaults (docs/benchmarks.md, "Recovery and two instances").
 *
 * @param memberId         this instance's stable name (environment {@code SMART_KAFKA_MEMBER_ID}; {@code ./run}:
 *                         {@code llm-service-1}; Kubernetes: the pod's name). When set, every consumer joins its
 *                         group as a <em>static member</em> ({@code group.instance.id} = member id + consumer
 *                         name): a restarted instance takes its partitions back at once, without a rebalance. It
 *                         must differ between running instances of a service (the broker fences a duplicate).
 *                         Empty: dynamic members, as Kafka does by default
 * @param protocol         {@code classic} (the session timeout below, heartbeats from the client) or {@code consumer}
 *                         (KIP-848: the broker assigns, and its {@code group.consumer.session.timeout.ms} decides)
 * @param sessionTimeout   classic protocol: how long a member that stopped heartbeating (killed, frozen) keeps its
 *                         partitions before the others take them over; the broker's
 *                         {@code group.min.session.timeout.ms} (6 s by default) is the lowest it accepts
 * @param heartbeatInterval classic protocol: how often the client heartbeats (a third of the session timeout or less)
 */
@ConfigurationProperties("smart.kafka.membership")
public record GroupMembershipProperties(
        @DefaultValue("") String memberId,
        Protocol protocol,
        @DefaultValue("6s") Duration sessionTimeout,
        @DefaultValue("1500ms") Duration heartbeatInterval) {

    public enum Protocol {
        CLASSIC,
        CONSUMER
    }

    public GroupMembershipProperties {
        memberId = memberId == null ? "" : memberId.strip();
        protocol = protocol == null ? Protocol.CLASSIC : protocol;
        if (heartbeatInterval.compareTo(sessionTimeout) >= 0) {
            throw new IllegalArgumentException(
                    "smart.kafka.membership.heartbeat-interval must be shorter than the session timeout");
        }
    }

    public boolean isStatic() {
        return !memberId.isEmpty();
    }

    /**
     * For every consumer of the service: the group protocol, and with the classic one the session timeout and the
     * heartbeat interval (the consumer protocol refuses both: the broker sets them).
     */
    public Map<String, Object> consumerConfigs() {
        if (protocol == Protocol.CONSUMER) {
            return Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        }
        return Map.of(
                ConsumerConfig.GROUP_PROTOCOL_CONFIG,
                "classic",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                (int) sessionTimeout.toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                (int) heartbeatInterval.toMillis());
    }

    /** The {@code group.instance.id} of one of this instance's consumers, or null for a dynamic member. */
    public String groupInstanceId(String consumerName) {
        return isStatic() ? memberId + "-" + consumerName : null;
    }
}
