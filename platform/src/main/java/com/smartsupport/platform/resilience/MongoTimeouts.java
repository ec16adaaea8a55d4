package com.smartsupport.platform.resilience;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fast a service gives up on MongoDB ({@code smart.mongodb.*}; environment
 * {@code SMART_MONGODB_SERVER_SELECTION_TIMEOUT}, ...): see {@link MongoFailFastAutoConfiguration}.
 *
 * @param serverSelectionTimeout how long the driver looks for a server before a call fails
 * @param connectTimeout         how long opening a connection may take
 * @param readTimeout            how long a server may take to answer
 * @param heartbeat              how often the driver checks the servers (and so notices one is back)
 * @param healthTimeout          how long the {@code mongo} health check's ping may take
 */
@ConfigurationProperties("smart.mongodb")
public record MongoTimeouts(
        @DefaultValue("2s") Duration serverSelectionTimeout,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout,
        @DefaultValue("2s") Duration heartbeat,
        @DefaultValue("2s") Duration healthTimeout) {}
