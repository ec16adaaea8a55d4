package com.smartsupport.escalation.queue;

import com.smartsupport.escalation.stream.AgentChannel;
import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** The queue and the agent's own cases. Agents only. */
@RestController
@RequestMapping("/api/escalations")
class EscalationController {
    private final EscalationRepository escalations;
    private final AgentChannel agents;

    EscalationController(EscalationRepository escalations, AgentChannel agents) {
        this.escalations = escalations;
        this.agents = agents;
    }

    /** The agent's live stream: cases queued (every agent), cases assigned to this agent. */
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> events(@AuthenticationPrincipal Jwt jwt) {
        return agents.stream(Caller.of(jwt).require(Role.AGENT).subject(), jwt.getExpiresAt());
    }

    @GetMapping
    Flux<Escalation> list(
            @RequestParam(defaultValue = "QUEUED") Escalation.Status status, @AuthenticationPrincipal Jwt jwt) {
        Caller agent = Caller.of(jwt).require(Role.AGENT);
        return status == Escalation.Status.QUEUED
                ? escalations.findByStatusOrderByRequestedAtAsc(status)
                : escalations.findByAgentIdAndStatusOrderByRequestedAtAsc(agent.subject(), status);
    }
}
