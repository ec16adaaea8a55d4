package com.smartsupport.escalation.agent;

import com.smartsupport.escalation.queue.Assigner;
import com.smartsupport.escalation.queue.Escalation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;

/**
 * Takes an agent out of the pool: they stop receiving cases and the cases they hold go back to the queue, at their
 * place (the queue is ordered by when the customer asked), each customer told their place again. Used when an
 * agent goes away, and when an agent's sessions end (deactivated).
 */
@Component
public class AgentAvailability {
    private static final Logger log = LoggerFactory.getLogger(AgentAvailability.class);

    private final ReactiveMongoTemplate mongo;
    private final Assigner assigner;

    AgentAvailability(ReactiveMongoTemplate mongo, Assigner assigner) {
        this.mongo = mongo;
        this.assigner = assigner;
    }

    /**
     * Marks the agent away if they were made available before {@code before}, and returns the cases assigned to
     * them before it to the queue. Idempotent, and safe to repeat for an old instant: an agent who came back (or
     * a case assigned) after it is left alone.
     */
    public Mono<Integer> takeOut(String agentId, Instant before) {
        Query present = Query.query(Criteria.where("_id").is(agentId).and("status").is(AgentPresence.Status.online)
                .and("since").lt(before));
        return mongo.updateFirst(present, Update.update("status", AgentPresence.Status.away)
                        .set("since", Instant.now()), AgentPresence.class)
                .then(returnCases(agentId, before));
    }

    /** Returns the agent's cases assigned before {@code before} to the queue; how many went back. */
    public Mono<Integer> returnCases(String agentId, Instant before) {
        Query held = Query.query(Criteria.where("agentId").is(agentId)
                .and("status").in(Escalation.Status.ASSIGNED, Escalation.Status.ACCEPTED)
                .and("assignedAt").lt(before));
        Update requeue = Update.update("status", Escalation.Status.QUEUED).unset("agentId").unset("agentName")
                .unset("assignedAt").unset("acceptedAt");
        return mongo.find(held, Escalation.class)
                // one at a time and conditionally: another instance returning the same case does it once
                .concatMap(c -> mongo.findAndModify(Query.query(Criteria.where("_id").is(c.id())
                                .and("agentId").is(agentId).and("status").is(c.status())), requeue,
                        FindAndModifyOptions.options().returnNew(true), Escalation.class))
                .concatMap(c -> assigner.release(agentId).then(assigner.announceQueued(c)).thenReturn(c))
                .count()
                .map(Long::intValue)
                .doOnNext(n -> {
                    if (n > 0) {
                        log.info("{} case(s) of agent {} went back to the queue", n, agentId);
                    }
                    assigner.assignSoon(); // the other agents may take them now
                });
    }
}
