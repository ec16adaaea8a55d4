package com.smartsupport.escalation.agent;

import java.time.Instant;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Takes an agent out of the pool: they stop receiving cases and the cases they hold go back to the queue, at their
 * place (the queue is ordered by when the customer asked), each customer told their place again. Used when an
 * agent goes away, and when an agent's sessions end (deactivated).
 */
@Component
public class AgentAvailability {
    private final ReactiveMongoTemplate mongo;
    private final CaseQueue cases;

    AgentAvailability(ReactiveMongoTemplate mongo, CaseQueue cases) {
        this.mongo = mongo;
        this.cases = cases;
    }

    /**
     * Marks the agent away if they were made available before {@code before}, and returns the cases assigned to
     * them before it to the queue. Idempotent, and safe to repeat for an old instant: an agent who came back (or
     * a case assigned) after it is left alone.
     */
    public Mono<Integer> takeOut(String agentId, Instant before) {
        Query present = Query.query(Criteria.where("_id")
                .is(agentId)
                .and("status")
                .is(AgentPresence.Status.online)
                .and("since")
                .lt(before));
        return mongo.updateFirst(
                        present,
                        Update.update("status", AgentPresence.Status.away).set("since", Instant.now()),
                        AgentPresence.class)
                .then(returnCases(agentId, before));
    }

    /** Returns the agent's cases assigned before {@code before} to the queue; how many went back. */
    public Mono<Integer> returnCases(String agentId, Instant before) {
        return cases.returnCases(agentId, before);
    }
}
