package com.smartsupport.platform.resilience;

import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * With MongoDB unreachable, a request must fail in seconds with a 503 (see
 * {@link com.smartsupport.platform.web.ProblemExceptionHandler}), not hang for the driver's defaults (30 s server
 * selection, 10 s connect, no read timeout at all: a server that stops answering would hold a request forever).
 * Consumers then wait the outage out ({@link TransientFailures}) and the driver reconnects by itself.
 * Set with {@code smart.mongodb.*} (environment {@code SMART_MONGODB_SERVER_SELECTION_TIMEOUT}, ...).
 */
@AutoConfiguration
@ConditionalOnClass(MongoClientSettingsBuilderCustomizer.class)
@EnableConfigurationProperties(MongoTimeouts.class)
public class MongoFailFastAutoConfiguration {

    @Bean
    MongoClientSettingsBuilderCustomizer smartFailFastMongo(MongoTimeouts timeouts) {
        long heartbeat = timeouts.heartbeat().toMillis();
        return settings -> settings.applyToClusterSettings(c -> c.serverSelectionTimeout(
                        timeouts.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(
                        s -> s.connectTimeout((int) timeouts.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                                .readTimeout((int) timeouts.readTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .applyToServerSettings(s -> s.heartbeatFrequency(heartbeat, TimeUnit.MILLISECONDS)
                        .minHeartbeatFrequency(Math.min(500, heartbeat), TimeUnit.MILLISECONDS));
    }
}
