package com.smartsupport.platform.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.util.HashMap;
import java.util.Map;

/** The consumer settings {@link GroupMembershipProperties} stand for. */
final class GroupMembership {
    private GroupMembership() {
    }

    /**
     * For every consumer of the service: the group protocol, and with the classic one the session timeout and the
     * heartbeat interval (the consumer protocol refuses both: the broker sets them).
     */
    static Map<String, Object> consumerConfigs(GroupMembershipProperties membership) {
        Map<String, Object> configs = new HashMap<>();
        if (membership.protocol() == GroupMembershipProperties.Protocol.CONSUMER) {
            configs.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        } else {
            configs.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
            configs.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) membership.sessionTimeout().toMillis());
            configs.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) membership.heartbeatInterval().toMillis());
        }
        return configs;
    }
}
