package com.smartsupport.profile.customer;

import com.smartsupport.platform.events.ConversationClosed;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.Topics;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Each closed conversation becomes a case in the customer's support history, once per event. */
@Component
class ConversationClosedListener {
    private final ProfileService profiles;
    private final EventCodec codec;

    ConversationClosedListener(ProfileService profiles, EventCodec codec) {
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
}
