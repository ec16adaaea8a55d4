package com.smartsupport.escalation.agent;

import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** An agent joins or leaves the pool of agents that receive work. */
@RestController
@RequestMapping("/api/agents/me")
class PresenceController {
    private final ReactiveMongoTemplate mongo;
    private final CaseQueue queue;
    private final AgentAvailability availability;

    PresenceController(ReactiveMongoTemplate mongo, CaseQueue queue, AgentAvailability availability) {
        this.mongo = mongo;
        this.queue = queue;
        this.availability = availability;
    }

    record PresenceRequest(
            @NotNull(message = "must be online or away") AgentPresence.Status status) {}

    /**
     * Going online makes the agent eligible for cases; going away returns every case they hold to the queue
     * (oldest first, so those customers are next) and resets their load.
     */
    @PostMapping("/presence")
    Mono<AgentPresence> set(@Valid @RequestBody PresenceRequest request, @AuthenticationPrincipal Jwt jwt) {
        Caller agent = Caller.of(jwt).require(Role.AGENT);
        Query mine = Query.query(Criteria.where("_id").is(agent.subject()));
        Update update = Update.update("status", request.status())
                .set("name", agent.name())
                .set("since", Instant.now())
                .setOnInsert("activeCases", 0);
        Mono<Void> requeue = request.status() == AgentPresence.Status.away
                ? availability
                        .returnCases(agent.subject(), Instant.now())
                        .then(mongo.updateFirst(mine, Update.update("activeCases", 0), AgentPresence.class))
                        .then()
                : Mono.empty();
        return mongo.findAndModify(
                        mine,
                        update,
                        FindAndModifyOptions.options().upsert(true).returnNew(true),
                        AgentPresence.class)
                .flatMap(p -> requeue.then(mongo.findById(p.agentId(), AgentPresence.class)))
                // an agent online, or cases back in the queue for the others: assign now
                .doOnSuccess(p -> queue.assignSoon());
    }

    @GetMapping("/presence")
    Mono<AgentPresence> get(@AuthenticationPrincipal Jwt jwt) {
        Caller agent = Caller.of(jwt).require(Role.AGENT);
        return mongo.findById(agent.subject(), AgentPresence.class)
                .defaultIfEmpty(
                        new AgentPresence(agent.subject(), agent.name(), AgentPresence.Status.away, null, 0, null));
    }
}
