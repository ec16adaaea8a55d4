package com.smartsupport.conversation.events;

import com.smartsupport.conversation.actions.ActionView;
import com.smartsupport.conversation.chat.Citations;
import com.smartsupport.conversation.chat.ConversationUpdates;
import com.smartsupport.conversation.live.LiveChannel;
import com.smartsupport.platform.events.ActionEvent;
import com.smartsupport.platform.events.AgentHandedBack;
import com.smartsupport.platform.events.AgentJoined;
import com.smartsupport.platform.events.AgentMessage;
import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.AssistantDelta;
import com.smartsupport.platform.events.ConversationClosed;
import com.smartsupport.platform.events.ConversationOutcome;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.HandoffAssigned;
import com.smartsupport.platform.events.HandoffQueued;
import com.smartsupport.platform.events.HandoffRequested;
import com.smartsupport.platform.events.Topics;
import java.time.Duration;
import java.util.Map;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What conversation-service does with other services' events (replies are stored by {@link ReplyPersistence}).
 * Persistence (agent messages, hand-off status, closing) uses the service's shared group, so each event is applied
 * by exactly one instance, idempotently by id. Live delivery uses a group of its own per instance (broadcast) and
 * pushes to whatever customer streams this instance holds.
 */
@Component
class ConversationEventListeners {
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

    private final ConversationUpdates conversations;
    private final LiveChannel live;
    private final EventCodec codec;

    ConversationEventListeners(ConversationUpdates conversations, LiveChannel live, EventCodec codec) {
        this.conversations = conversations;
        this.live = live;
        this.codec = codec;
    }

    /** A conversation handed to the human queue is marked as waiting (the assistant still answers meanwhile). */
    @KafkaListener(id = "handoff-status", topics = Topics.HANDOFF_REQUESTS, groupId = "${spring.application.name}")
    void onHandoff(String record) {
        EventEnvelope<JsonNode> event = codec.decode(record);
        if (HandoffRequested.TYPE.equals(event.type())) {
            conversations.markWaitingForAgent(event.conversationId()).block(STORE_TIMEOUT);
        }
    }

    /** An agent joined or wrote, or the conversation was closed: the transcript and status follow, once. */
    @KafkaListener(
            id = "agent-persistence",
            topics = {Topics.HANDOFF_AGENT_MESSAGES, Topics.CONVERSATION_CLOSED, Topics.HANDOFF_ASSIGNMENTS},
            groupId = "${spring.application.name}")
    void onAgentEvent(String record) {
        EventEnvelope<JsonNode> event = codec.decode(record);
        switch (event.type()) {
            case HandoffAssigned.TYPE ->
                conversations
                        .assignedTo(
                                event.conversationId(),
                                codec.payload(event, HandoffAssigned.class).agentId())
                        .block(STORE_TIMEOUT);
            case AgentJoined.TYPE ->
                conversations
                        .agentJoined(
                                event.conversationId(),
                                event.eventId(),
                                event.occurredAt(),
                                codec.payload(event, AgentJoined.class))
                        .block(STORE_TIMEOUT);
            case AgentMessage.TYPE ->
                conversations
                        .storeAgentMessage(codec.decode(record, AgentMessage.class))
                        .block(STORE_TIMEOUT);
            case AgentHandedBack.TYPE ->
                conversations
                        .handedBack(
                                event.conversationId(),
                                event.eventId(),
                                event.occurredAt(),
                                codec.payload(event, AgentHandedBack.class))
                        .block(STORE_TIMEOUT);
            case ConversationClosed.TYPE ->
                conversations.closed(event.conversationId()).block(STORE_TIMEOUT);
            default -> {}
        }
    }

    @KafkaListener(
            id = "live-delivery",
            topics = {
                Topics.ASSISTANT_REPLIES,
                Topics.ACTIONS,
                Topics.HANDOFF_REQUESTS,
                Topics.HANDOFF_ASSIGNMENTS,
                Topics.HANDOFF_AGENT_MESSAGES,
                Topics.CONVERSATION_CLOSED,
                Topics.CONVERSATION_OUTCOMES
            },
            groupId = "conversation-delivery-${smart.instance-id}",
            // a group of this instance's own, never reused: its offsets need no commit after each poll
            properties = {"auto.offset.reset=latest", "enable.auto.commit=true"})
    void deliver(String record) {
        EventEnvelope<JsonNode> event = codec.decode(record);
        if (ActionEvent.isAction(event.type())) {
            // every step of an action, as the customer's card shows it
            live.push(
                    event.conversationId(),
                    event.type(),
                    event.eventId(),
                    ActionView.of(codec.payload(event, ActionEvent.class), event.occurredAt()));
            return;
        }
        Object data = switch (event.type()) {
            // the part not shown yet (a reply answered again after a crash is re-sent, cut differently)
            case AssistantDelta.TYPE ->
                live.unseen(codec.payload(event, AssistantDelta.class)).orElse(null);
            // with its sources, bounded as the transcript keeps them
            case AssistantCompleted.TYPE -> Citations.bounded(codec.payload(event, AssistantCompleted.class));
            case HandoffRequested.TYPE -> codec.payload(event, HandoffRequested.class);
            case HandoffQueued.TYPE -> codec.payload(event, HandoffQueued.class);
            case HandoffAssigned.TYPE -> codec.payload(event, HandoffAssigned.class);
            case AgentJoined.TYPE -> codec.payload(event, AgentJoined.class);
            // the customer learns who answers now, never the agent's note to the assistant
            case AgentHandedBack.TYPE -> Map.of("agentName", nameOf(codec.payload(event, AgentHandedBack.class)));
            case AgentMessage.TYPE -> codec.payload(event, AgentMessage.class);
            case ConversationClosed.TYPE -> Map.of("conversationId", event.conversationId());
            case ConversationOutcome.TYPE, ConversationOutcome.REOPENED ->
                codec.payload(event, ConversationOutcome.class);
            default -> null;
        };
        if (data instanceof AgentMessage message && !live.firstDelivery(message.messageId(), 0)) {
            return; // an agent's message sent again (a retry with the same Idempotency-Key, a redelivery)
        }
        if (data instanceof AssistantCompleted completed
                && !live.firstDelivery(completed.replyId(), LiveChannel.COMPLETED_SEQ)) {
            return; // a reply completed again after llm-service answered a redelivered message
        }
        if (data != null) {
            live.push(event.conversationId(), event.type(), event.eventId(), data);
        }
    }

    private static String nameOf(AgentHandedBack back) {
        return back.agentName() == null ? "The agent" : back.agentName();
    }
}
