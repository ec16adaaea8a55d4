package com.smartsupport.platform.resilience;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * With MongoDB unreachable, a request must fail in seconds with a 503 (see
 * {@link com.smartsupport.platform.web.ProblemExceptionHandler}), not hang for the driver's defaults (30 s server
 * selection, 10 s connect, no read timeout at all: a server that stops answering would hold a request forever).
 * Consumers then wait the outage out ({@link TransientFailures}) and the driver reconnects by itself.
 * Set with {@code smart.mongodb.*} (environment {@code SMART_MONGODB_SERVER_SELECTION_TIMEOUT}, ...).
 */
@AutoConfiguration
@ConditionalOnClass(MongoClientSettingsBuilderCustomizer.class)
public class MongoFailFastAutoConfiguration {

    @Bean
    MongoClientSettingsBuilderCustomizer smartFailFastMongo(
            @Value("${smart.mongodb.server-selection-timeout:2s}") Duration serverSelection,
            @Value("${smart.mongodb.connect-timeout:2s}") Duration connect,
            @Value("${smart.mongodb.read-timeout:5s}") Duration read,
            @Value("${smart.mongodb.heartbeat:2s}") Duration heartbeat) {
        return settings -> settings
                .applyToClusterSettings(c -> c.serverSelectionTimeout(serverSelection.toMillis(),
                        TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout((int) connect.toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout((int) read.toMillis(), TimeUnit.MILLISECONDS))
                .applyToServerSettings(s -> s.heartbeatFrequency(heartbeat.toMillis(), TimeUnit.MILLISECONDS)
                        .minHeartbeatFrequency(Math.min(500, heartbeat.toMillis()), TimeUnit.MILLISECONDS));
    }
}
