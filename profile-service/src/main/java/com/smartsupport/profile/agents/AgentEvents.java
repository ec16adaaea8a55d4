package com.smartsupport.profile.agents;

import com.smartsupport.platform.events.AgentChanged;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Tells escalation-service an agent's routing settings (languages, cap, status) after every change. */
@Component
class AgentEvents {
    private final EventPublisher events;

    AgentEvents(EventPublisher events) {
        this.events = events;
    }

    Mono<AgentAccount> changed(AgentAccount agent) {
        var changed = new AgentChanged(
                agent.agentId(),
                agent.name(),
                agent.languages(),
                agent.maxCases(),
                agent.status().name());
        return events.publish(Topics.AGENTS_CHANGED, agent.agentId(), EventEnvelope.of(null, null, changed))
                .thenReturn(agent);
    }
}
