package com.smartsupport.escalation.queue;

import com.smartsupport.platform.mongo.MongoIndexes;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * The indexes the queue's queries need, created (idempotently) at start-up: the oldest waiting case, an agent's
 * cases, a customer's cases (erasure). Without them each assignment reads every case ever opened.
 */
@Component
class EscalationIndexes implements MongoIndexes {

    @Override
    public List<MongoIndex> indexes() {
        return List.of(
                MongoIndex.on(
                        Escalation.class,
                        new Index()
                                .on("status", Sort.Direction.ASC)
                                .on("requestedAt", Sort.Direction.ASC)
                                .named("status_requested")),
                MongoIndex.on(
                        Escalation.class,
                        new Index()
                                .on("agentId", Sort.Direction.ASC)
                                .on("status", Sort.Direction.ASC)
                                .on("requestedAt", Sort.Direction.ASC)
                                .named("agent_status_requested")),
                MongoIndex.on(
                        Escalation.class,
                        new Index().on("customerId", Sort.Direction.ASC).named("customer")));
    }
}
