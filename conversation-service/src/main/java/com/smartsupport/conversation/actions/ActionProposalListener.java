package com.smartsupport.conversation.actions;

import com.smartsupport.platform.events.ActionEvent;
import com.smartsupport.platform.events.ActionEvent.Status;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.Topics;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Stores the actions llm-service proposes (the service's shared group: one instance stores each, once). */
@Component
class ActionProposalListener {
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);
    private static final String PROPOSED = ActionEvent.TYPE_PREFIX + "proposed";

    private final ConversationActions actions;
    private final EventCodec codec;

    ActionProposalListener(ConversationActions actions, EventCodec codec) {
        this.actions = actions;
        this.codec = codec;
    }

    @KafkaListener(id = "action-proposals", topics = Topics.ACTIONS, groupId = "${spring.application.name}")
    void onAction(String record) {
        EventEnvelope<JsonNode> event = codec.decode(record);
        if (PROPOSED.equals(event.type())) {
            EventEnvelope<ActionEvent> proposal = codec.decode(record, ActionEvent.class);
            if (proposal.payload().status() == Status.PROPOSED) {
                actions.propose(proposal).block(STORE_TIMEOUT);
            }
        }
    }
}
