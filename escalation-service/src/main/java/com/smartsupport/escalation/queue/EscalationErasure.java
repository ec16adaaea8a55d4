package com.smartsupport.escalation.queue;

import com.mongodb.client.result.DeleteResult;
import com.smartsupport.platform.privacy.CustomerErasure;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** An erased customer's escalations go (the platform's {@code CustomerErasureListener} calls it). Idempotent. */
@Component
class EscalationErasure implements CustomerErasure {
    private final ReactiveMongoTemplate mongo;

    EscalationErasure(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public String erases() {
        return "escalation(s)";
    }

    @Override
    public Mono<Long> erase(String customerId) {
        return mongo.remove(Query.query(Criteria.where("customerId").is(customerId)), Escalation.class)
                .map(DeleteResult::getDeletedCount);
    }
}
