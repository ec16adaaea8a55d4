package com.smartsupport.escalation.agent;

import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;

/** An agent joins or leaves the pool of agents that receive work. */
@RestController
@RequestMapping("/api/agents/me")
class PresenceController {
    private final ReactiveMongoTemplate mongo;

    PresenceController(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    record PresenceRequest(@NotNull(message = "must be online or away") AgentPresence.Status status) {
    }

    @PostMapping("/presence")
    Mono<AgentPresence> set(@Valid @RequestBody PresenceRequest request, @AuthenticationPrincipal Jwt jwt) {
        Caller agent = Caller.of(jwt).require(Role.AGENT);
        return mongo.save(new AgentPresence(agent.subject(), agent.name(), request.status(), Instant.now()));
    }

    @GetMapping("/presence")
    Mono<AgentPresence> get(@AuthenticationPrincipal Jwt jwt) {
        Caller agent = Caller.of(jwt).require(Role.AGENT);
        return mongo.findById(agent.subject(), AgentPresence.class)
                .defaultIfEmpty(new AgentPresence(agent.subject(), agent.name(), AgentPresence.Status.away, null));
    }
}
