package com.smartsupport.conversation.outcomes;

import com.smartsupport.platform.events.ConversationClosed;
import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.HandoffRequested;
import com.smartsupport.platform.events.Topics;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The events that decide or undo an outcome: a hand-off (its reason), an agent closing the conversation, the
 * customer writing again (more than a thank-you: {@link Gratitude}). A group of its own ({@code conversation-outcomes}), shared by the instances.
 */
@Component
class OutcomeListener {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ConversationOutcomes outcomes;
    private final EventCodec codec;

    OutcomeListener(ConversationOutcomes outcomes, EventCodec codec) {
        this.outcomes = outcomes;
        this.codec = codec;
    }

    @KafkaListener(
            id = "conversation-outcomes",
            topics = {Topics.HANDOFF_REQUESTS, Topics.CONVERSATION_CLOSED, Topics.CUSTOMER_MESSAGES},
            groupId = "conversation-outcomes")
    void onEvent(String record) {
        EventEnvelope<JsonNode> event = codec.decode(record);
        switch (event.type()) {
            case HandoffRequested.TYPE ->
                outcomes.handedOff(
                                event.conversationId(),
                                codec.payload(event, HandoffRequested.class).reason())
                        .block(TIMEOUT);
            case ConversationClosed.TYPE ->
                outcomes.closedByAgent(event.conversationId()).block(TIMEOUT);
            case CustomerMessagePosted.TYPE -> {
                // "thanks!" after an outcome ends the conversation politely; it does not bring the problem back
                if (!Gratitude.only(
                        codec.payload(event, CustomerMessagePosted.class).text())) {
                    outcomes.customerWrote(event.conversationId(), event.occurredAt())
                            .block(TIMEOUT);
                }
            }
            default -> {}
        }
    }
}
