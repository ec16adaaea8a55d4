package com.smartsupport.escalation.queue;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxCasesPerAgent cases one agent holds at once
 * @param assignInterval   how often each instance looks for queued cases and free agents
 * @param averageHandleTime the handling time assumed for wait estimates until measured figures exist
 * @param cannedResponses  ready-made replies offered in the agent console
 * @param maxRequestsInFlight hand-off requests being queued at once, at most ({@link HandoffRequestListener})
 * @param metricsInterval  how often the hand-off gauges (queue depth, agents online, cases per agent) are refreshed
 */
@ConfigurationProperties(EscalationProperties.PREFIX)
public record EscalationProperties(
        Integer maxCasesPerAgent,
        Duration assignInterval,
        Duration averageHandleTime,
        List<String> cannedResponses,
        Integer maxRequestsInFlight,
        Duration metricsInterval) {
    static final String PREFIX = "smart.escalation";
    /** The bean's name, for {@code @Scheduled} expressions. */
    static final String BEAN = PREFIX + "-com.smartsupport.escalation.queue.EscalationProperties";

    public EscalationProperties {
        cannedResponses = cannedResponses == null ? List.of() : List.copyOf(cannedResponses);
        maxCasesPerAgent = maxCasesPerAgent == null ? 3 : maxCasesPerAgent;
        assignInterval = assignInterval == null ? Duration.ofMillis(500) : assignInterval;
        averageHandleTime = averageHandleTime == null ? Duration.ofMinutes(6) : averageHandleTime;
        maxRequestsInFlight = maxRequestsInFlight == null ? 64 : maxRequestsInFlight;
        metricsInterval = metricsInterval == null ? Duration.ofSeconds(5) : metricsInterval;
    }
}
