package com.smartsupport.escalation.queue;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * The indexes the queue's queries need, created (idempotently) at start-up: the oldest waiting case, an agent's
 * cases, a customer's cases (erasure). Without them each assignment reads every case ever opened.
 */
@Component
class EscalationIndexes implements ApplicationRunner {
    private final ReactiveMongoTemplate mongo;

    EscalationIndexes(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void run(ApplicationArguments args) {
        var escalations = mongo.indexOps(Escalation.class);
        Mono.when(
                        escalations.createIndex(new Index().on("status", Sort.Direction.ASC)
                                .on("requestedAt", Sort.Direction.ASC).named("status_requested")),
                        escalations.createIndex(new Index().on("agentId", Sort.Direction.ASC)
                                .on("status", Sort.Direction.ASC).on("requestedAt", Sort.Direction.ASC)
                                .named("agent_status_requested")),
                        escalations.createIndex(new Index().on("customerId", Sort.Direction.ASC).named("customer")))
                .block(Duration.ofSeconds(30));
    }
}
