package com.smartsupport.profile.customer;

import com.smartsupport.platform.events.ActionEvent;
import com.smartsupport.platform.events.ConversationClosed;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.Topics;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Each closed conversation, and each action the assistant carried out for the customer, becomes a case in the
 * customer's support history, once per event.
 */
@Component
class SupportHistoryListener {
    private static final String COMPLETED = ActionEvent.TYPE_PREFIX + "completed";

    private final ProfileService profiles;
    private final EventCodec codec;

    SupportHistoryListener(ProfileService profiles, EventCodec codec) {
        this.profiles = profiles;
        this.codec = codec;
    }

    @KafkaListener(
            id = "conversation-closed",
            topics = Topics.CONVERSATION_CLOSED,
            groupId = "${spring.application.name}")
    void onClosed(String record) {
        profiles.appendCase(codec.decode(record, ConversationClosed.class)).block(Duration.ofSeconds(10));
    }

    @KafkaListener(id = "actions-completed", topics = Topics.ACTIONS, groupId = "${spring.application.name}")
    void onAction(String record) {
        EventEnvelope<JsonNode> event = codec.decode(record);
        if (COMPLETED.equals(event.type())) {
            profiles.appendAction(codec.decode(record, ActionEvent.class)).block(Duration.ofSeconds(10));
        }
    }
}
