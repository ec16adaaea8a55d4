package com.smartsupport.escalation.queue;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param maxCasesPerAgent cases one agent holds at once
 * @param assignInterval   how often each instance looks for queued cases and free agents
 * @param averageHandleTime the handling time assumed for wait estimates until measured figures exist
 */
@ConfigurationProperties("smart.escalation")
public record EscalationProperties(Integer maxCasesPerAgent, Duration assignInterval, Duration averageHandleTime) {
    public EscalationProperties {
        maxCasesPerAgent = maxCasesPerAgent == null ? 3 : maxCasesPerAgent;
        assignInterval = assignInterval == null ? Duration.ofMillis(500) : assignInterval;
        averageHandleTime = averageHandleTime == null ? Duration.ofMinutes(6) : averageHandleTime;
    }
}
