package com.smartsupport.escalation.queue;

import com.smartsupport.platform.events.CustomerErased;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.Topics;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** Erases a customer's escalations when profile-service announces the customer is erased. Idempotent. */
@Component
class ErasureListener {
    private final ReactiveMongoTemplate mongo;
    private final EventCodec codec;

    ErasureListener(ReactiveMongoTemplate mongo, EventCodec codec) {
        this.mongo = mongo;
        this.codec = codec;
    }

    @KafkaListener(id = "customer-erasure", topics = Topics.PROFILE_CHANGED, groupId = "${spring.application.name}")
    void onProfileEvent(String record) {
        var event = codec.decode(record);
        if (CustomerErased.TYPE.equals(event.type()) && event.customerId() != null) {
            mongo.remove(Query.query(Criteria.where("customerId").is(event.customerId())), Escalation.class)
                    .block(Duration.ofSeconds(30));
        }
    }
}
