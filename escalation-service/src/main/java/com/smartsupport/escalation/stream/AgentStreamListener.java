package com.smartsupport.escalation.stream;

import com.smartsupport.platform.events.ConversationClosed;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.HandoffAssigned;
import com.smartsupport.platform.events.HandoffQueued;
import com.smartsupport.platform.events.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Relays queue, assignment and closing events to the agents' streams held by this instance. */
@Component
class AgentStreamListener {
    private final AgentChannel agents;
    private final EventCodec codec;

    AgentStreamListener(AgentChannel agents, EventCodec codec) {
        this.agents = agents;
        this.codec = codec;
    }

    @KafkaListener(
            id = "agent-stream",
            topics = {Topics.HANDOFF_ASSIGNMENTS, Topics.CONVERSATION_CLOSED},
            groupId = "escalation-agent-stream-${smart.instance-id}",
            properties = {"auto.offset.reset=latest", "enable.auto.commit=true"})
    void onEvent(String record) {
        var event = codec.decode(record);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", event.conversationId());
        switch (event.type()) {
            case HandoffQueued.TYPE -> {
                HandoffQueued queued = codec.payload(event, HandoffQueued.class);
                data.put("escalationId", queued.escalationId());
                data.put("position", queued.position());
                agents.toAll("case.queued", event.eventId(), data);
            }
            case HandoffAssigned.TYPE -> {
                HandoffAssigned assigned = codec.payload(event, HandoffAssigned.class);
                data.put("escalationId", assigned.escalationId());
                data.put("customerId", event.customerId());
                agents.toAgent(assigned.agentId(), "case.assigned", event.eventId(), data);
            }
            case ConversationClosed.TYPE -> {
                ConversationClosed closed = codec.payload(event, ConversationClosed.class);
                data.put("resolution", closed.resolution());
                if (closed.closedBy() != null) {
                    agents.toAgent(closed.closedBy(), "case.closed", event.eventId(), data);
                }
            }
            default -> {}
        }
    }
}
