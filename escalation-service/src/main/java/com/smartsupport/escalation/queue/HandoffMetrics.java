package com.smartsupport.escalation.queue;

import com.smartsupport.escalation.agent.AgentPresence;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The hand-off's health for operators: {@code smart_handoff_queue_depth}, {@code smart_agents_online},
 * {@code smart_agent_active_cases{agent}} (read from MongoDB every few seconds, so every instance reports the
 * same shared figures: aggregate with {@code max}), and {@code smart_handoff_wait_seconds} (requested → assigned
 * to an agent, recorded by the instance that assigned). Agent ids are staff ids, never customer data.
 */
@Component
public class HandoffMetrics {
    private static final Logger log = LoggerFactory.getLogger(HandoffMetrics.class);

    private final ReactiveMongoTemplate mongo;
    private final AtomicLong queueDepth = new AtomicLong();
    private final AtomicLong agentsOnline = new AtomicLong();
    private final MultiGauge casesPerAgent;
    private final Timer waitForAgent;

    HandoffMetrics(ReactiveMongoTemplate mongo, MeterRegistry meters) {
        this.mongo = mongo;
        Gauge.builder("smart.handoff.queue.depth", queueDepth, AtomicLong::get)
                .description("Cases waiting for an agent")
                .register(meters);
        Gauge.builder("smart.agents.online", agentsOnline, AtomicLong::get)
                .description("Agents online and receiving cases")
                .register(meters);
        this.casesPerAgent = MultiGauge.builder("smart.agent.active.cases")
                .description("Open cases held by each online agent")
                .register(meters);
        this.waitForAgent = Timer.builder("smart.handoff.wait")
                .description("From the hand-off request to the case being assigned to an agent")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofHours(2))
                // exact buckets at the SLO (5 min) and its neighbours, for the SmartHandoffWaitSlo alert
                .serviceLevelObjectives(
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(30))
                .register(meters);
    }

    /** A case was assigned: how long its customer waited. */
    public void assigned(Escalation e) {
        if (e.requestedAt() != null && e.assignedAt() != null) {
            waitForAgent.record(Duration.between(e.requestedAt(), e.assignedAt()));
        }
    }

    @Scheduled(fixedDelayString = "#{@'" + EscalationProperties.BEAN + "'.metricsInterval().toMillis()}")
    void refresh() {
        try {
            Long queued = mongo.count(
                            Query.query(Criteria.where("status").is(Escalation.Status.QUEUED)), Escalation.class)
                    .block(Duration.ofSeconds(5));
            List<AgentPresence> online = mongo.find(
                            Query.query(Criteria.where("status").is(AgentPresence.Status.online)), AgentPresence.class)
                    .collectList()
                    .block(Duration.ofSeconds(5));
            queueDepth.set(queued == null ? 0 : queued);
            agentsOnline.set(online == null ? 0 : online.size());
            if (online != null) {
                casesPerAgent.register(
                        online.stream()
                                .map(a -> MultiGauge.Row.of(Tags.of("agent", a.agentId()), a.activeCases()))
                                .toList(),
                        true);
            }
        } catch (RuntimeException e) {
            log.debug("hand-off metrics not refreshed: {}", e.toString());
        }
    }
}
