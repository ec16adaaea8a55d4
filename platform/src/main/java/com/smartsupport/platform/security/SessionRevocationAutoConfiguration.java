package com.smartsupport.platform.security;

import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.kafka.KafkaEventsAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Ended sessions, for every service that reads Kafka ({@code smart.security.revocation.*}): see
 * {@link RevokedSessions} and docs/architecture.md.
 */
@AutoConfiguration(after = KafkaEventsAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnProperty(name = "smart.security.revocation.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RevocationProperties.class)
public class SessionRevocationAutoConfiguration {

    @Bean
    RevokedSessions revokedSessions(RevocationProperties revocation) {
        return new RevokedSessions(revocation.retention());
    }

    @Bean
    SessionRevocationListener sessionRevocationListener(
            EventCodec codec, RevokedSessions revoked, ObjectProvider<SessionRevocationHandler> handlers) {
        return new SessionRevocationListener(
                codec, revoked, handlers.orderedStream().toList());
    }
}
