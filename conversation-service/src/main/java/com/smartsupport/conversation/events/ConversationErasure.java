package com.smartsupport.conversation.events;

import com.smartsupport.conversation.actions.ConversationActions;
import com.smartsupport.conversation.chat.ConversationUpdates;
import com.smartsupport.platform.privacy.CustomerErasure;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** An erased customer's conversations, messages and actions go (the platform's {@code CustomerErasureListener} calls it). */
@Component
class ConversationErasure implements CustomerErasure {
    private final ConversationUpdates conversations;
    private final ConversationActions actions;

    ConversationErasure(ConversationUpdates conversations, ConversationActions actions) {
        this.conversations = conversations;
        this.actions = actions;
    }

    @Override
    public String erases() {
        return "conversation(s)";
    }

    @Override
    public Mono<Long> erase(String customerId) {
        return actions.erase(customerId).then(conversations.erase(customerId));
    }
}
