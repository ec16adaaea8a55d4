package com.smartsupport.escalation.queue;

import com.smartsupport.escalation.agent.CaseQueue;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The queue as the agents' side sees it: cases handed back, and assignment when agents change. */
@Component
class AgentCases implements CaseQueue {
    private static final Logger log = LoggerFactory.getLogger(AgentCases.class);

    private final ReactiveMongoTemplate mongo;
    private final Assigner assigner;

    AgentCases(ReactiveMongoTemplate mongo, Assigner assigner) {
        this.mongo = mongo;
        this.assigner = assigner;
    }

    @Override
    public void assignSoon() {
        assigner.assignSoon();
    }

    @Override
    public Mono<Integer> returnCases(String agentId, Instant before) {
        Query held = Query.query(Criteria.where("agentId")
                .is(agentId)
                .and("status")
                .in(Escalation.Status.ASSIGNED, Escalation.Status.ACCEPTED)
                .and("assignedAt")
                .lt(before));
        Update requeue = Update.update("status", Escalation.Status.QUEUED)
                .unset("agentId")
                .unset("agentName")
                .unset("assignedAt")
                .unset("acceptedAt");
        return mongo.find(held, Escalation.class)
                // one at a time and conditionally: another instance returning the same case does it once
                .concatMap(c -> mongo.findAndModify(
                        Query.query(Criteria.where("_id")
                                .is(c.id())
                                .and("agentId")
                                .is(agentId)
                                .and("status")
                                .is(c.status())),
                        requeue,
                        FindAndModifyOptions.options().returnNew(true),
                        Escalation.class))
                .concatMap(c -> assigner.release(agentId)
                        .then(assigner.announceQueued(c))
                        .thenReturn(c))
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
