package com.smartsupport.conversation.events;

import com.smartsupport.conversation.chat.ConversationService;
import com.smartsupport.platform.events.CustomerErased;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** Erases a customer's conversations and messages when profile-service announces the customer is erased. */
@Component
class ErasureListener {
    private static final Logger log = LoggerFactory.getLogger(ErasureListener.class);

    private final ConversationService conversations;
    private final EventCodec codec;

    ErasureListener(ConversationService conversations, EventCodec codec) {
        this.conversations = conversations;
        this.codec = codec;
    }

    @KafkaListener(id = "customer-erasure", topics = Topics.PROFILE_CHANGED, groupId = "${spring.application.name}")
    void onProfileEvent(String record) {
        var event = codec.decode(record);
        if (CustomerErased.TYPE.equals(event.type()) && event.customerId() != null) {
            Long deleted = conversations.erase(event.customerId()).block(Duration.ofSeconds(30));
            log.info("erased customer {}: {} conversation(s)", event.customerId(), deleted);
        }
    }
}
