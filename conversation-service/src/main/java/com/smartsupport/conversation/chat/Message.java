package com.smartsupport.conversation.chat;

import com.smartsupport.platform.events.ReplySource;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * One message of a transcript. A customer message doubles as its own outbox entry: {@code published} turns true
 * once the broker has acknowledged its event, and the relay re-publishes any that stay false. An assistant
 * message's id is the reply id, so storing a redelivered reply twice is impossible. Its indexes:
 * {@link ConversationIndexes}.
 */
@Document("messages")
public record Message(@Id String id, String conversationId, String customerId, Role role, String text,
                      ReplySource source, String inReplyTo, Instant createdAt, Boolean published) {

    public enum Role { customer, assistant, agent, system }

    public static Message customer(String id, String conversationId, String customerId, String text) {
        return new Message(id, conversationId, customerId, Role.customer, text, null, null, Instant.now(), false);
    }
}
