package com.smartsupport.escalation.chat;

import com.smartsupport.escalation.queue.Escalation;
import com.smartsupport.escalation.stream.AgentChannel;
import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** A customer's messages on a case reach the agent holding it, on whichever instance holds their stream. */
@Component
class CustomerMessageRelay {
    private final ReactiveMongoTemplate mongo;
    private final AgentChannel agents;
    private final EventCodec codec;

    CustomerMessageRelay(ReactiveMongoTemplate mongo, AgentChannel agents, EventCodec codec) {
        this.mongo = mongo;
        this.agents = agents;
        this.codec = codec;
    }

    @KafkaListener(
            id = "customer-message-relay",
            topics = Topics.CUSTOMER_MESSAGES,
            groupId = "escalation-relay-${smart.instance-id}",
            properties = {"auto.offset.reset=latest", "enable.auto.commit=true"})
    void onMessage(String record) {
        if (agents.openStreams() == 0) {
            return; // no agent's console is connected to this instance: nobody here to relay to
        }
        var event = codec.decode(record, CustomerMessagePosted.class);
        Escalation held = mongo.findById(Escalation.idFor(event.conversationId()), Escalation.class)
                .filter(Escalation::active)
                .block(Duration.ofSeconds(5));
        if (held != null && held.agentId() != null) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("escalationId", held.id());
            data.put("conversationId", event.conversationId());
            data.put("messageId", event.payload().messageId());
            data.put("text", event.payload().text());
            agents.toAgent(held.agentId(), "customer.message", event.eventId(), data);
        }
    }
}
