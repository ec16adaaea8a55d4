package com.smartsupport.conversation.events;

import com.smartsupport.conversation.chat.ConversationUpdates;
import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.KeyOrderedConsumer;
import com.smartsupport.platform.kafka.KeyOrderedConsumers;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Stores completed replies into transcripts (the service's shared group: each is stored by one instance, once by
 * id). Deltas are skipped by their type header, unparsed; completions of different conversations are stored at
 * once, each conversation's in order ({@link KeyOrderedConsumer}), so a burst of replies does not queue behind one
 * MongoDB round trip at a time.
 */
@Configuration(proxyBeanMethods = false)
class ReplyPersistence {
    private static final Logger log = LoggerFactory.getLogger(ReplyPersistence.class);
    static final String NAME = "reply-persistence";

    @Bean
    KeyOrderedConsumer replyPersistenceConsumer(
            KeyOrderedConsumers consumers,
            ConversationUpdates conversations,
            EventCodec codec,
            @Value("${spring.application.name}") String group,
            ConversationProperties properties) {
        // deltas are passed over unparsed (by their type header): only the live stream shows them, the transcript
        // keeps the completion; a record without the header is parsed to find out
        return consumers.create(
                NAME,
                group,
                List.of(Topics.ASSISTANT_REPLIES),
                record -> {
                    String type = EventCodec.typeOf(record);
                    return type == null || AssistantCompleted.TYPE.equals(type);
                },
                record -> Mono.defer(() -> {
                    EventEnvelope<JsonNode> event = codec.decode(record.value());
                    if (!AssistantCompleted.TYPE.equals(event.type())) {
                        return Mono.empty();
                    }
                    return conversations
                            .storeReply(codec.decode(record.value(), AssistantCompleted.class))
                            .doOnNext(stored -> {
                                if (!stored) {
                                    log.debug("reply {} already stored; duplicate delivery ignored", event.eventId());
                                }
                            })
                            .then();
                }),
                properties.maxRepliesInFlight(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10));
    }
}
