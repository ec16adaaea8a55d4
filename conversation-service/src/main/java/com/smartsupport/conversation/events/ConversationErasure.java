package com.smartsupport.conversation.events;

import com.smartsupport.conversation.chat.ConversationUpdates;
import com.smartsupport.platform.privacy.CustomerErasure;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** An erased customer's conversations and messages go (the platform's {@code CustomerErasureListener} calls it). */
@Component
class ConversationErasure implements CustomerErasure {
    private final ConversationUpdates conversations;

    ConversationErasure(ConversationUpdates conversations) {
        this.conversations = conversations;
    }

    @Override
    public String erases() {
        return "conversation(s)";
    }

    @Override
    public Mono<Long> erase(String customerId) {
        return conversations.erase(customerId);
    }
}
