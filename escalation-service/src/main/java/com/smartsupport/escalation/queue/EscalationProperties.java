package com.smartsupport.escalation.queue;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param maxCasesPerAgent cases one agent holds at once
 * @param assignInterval   how often each instance looks for queued cases and free agents
 * @param averageHandleTime the handling time assumed for wait estimates until measured figures exist
 * @param cannedResponses  ready-made replies offered in the agent console
 */
@ConfigurationProperties("smart.escalation")
public record EscalationProperties(Integer maxCasesPerAgent, Duration assignInterval, Duration averageHandleTime,
                                   java.util.List<String> cannedResponses) {
    public EscalationProperties {
        cannedResponses = cannedResponses == null ? java.util.List.of() : java.util.List.copyOf(cannedResponses);
        maxCasesPerAgent = maxCasesPerAgent == null ? 3 : maxCasesPerAgent;
        assignInterval = assignInterval == null ? Duration.ofMillis(500) : assignInterval;
        averageHandleTime = averageHandleTime == null ? Duration.ofMinutes(6) : averageHandleTime;
    }
}
