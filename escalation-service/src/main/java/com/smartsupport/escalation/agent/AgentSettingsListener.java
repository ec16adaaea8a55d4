package com.smartsupport.escalation.agent;

import com.smartsupport.platform.events.AgentChanged;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.Topics;
import java.time.Duration;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps each agent's routing settings (cap, languages, name) as the administration sets them
 * ({@code agents.changed}, compacted: a new deployment reads every agent's latest). A lower cap takes effect for
 * the next assignment (cases held stay); a higher one may let queued cases through at once.
 */
@Component
class AgentSettingsListener {
    private final ReactiveMongoTemplate mongo;
    private final EventCodec codec;
    private final CaseQueue queue;

    AgentSettingsListener(ReactiveMongoTemplate mongo, EventCodec codec, CaseQueue queue) {
        this.mongo = mongo;
        this.codec = codec;
        this.queue = queue;
    }

    @KafkaListener(
            id = "agent-settings",
            topics = Topics.AGENTS_CHANGED,
            groupId = "${spring.application.name}",
            properties = "auto.offset.reset=earliest")
    void onAgentChanged(String record) {
        AgentChanged agent = codec.decode(record, AgentChanged.class).payload();
        Update update = Update.update("maxCases", agent.maxCases())
                .set("languages", agent.languages())
                .set("name", agent.name())
                .setOnInsert("status", AgentPresence.Status.away)
                .setOnInsert("activeCases", 0);
        mongo.upsert(Query.query(Criteria.where("_id").is(agent.agentId())), update, AgentPresence.class)
                .block(Duration.ofSeconds(10));
        queue.assignSoon();
    }
}
