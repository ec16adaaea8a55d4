package com.smartsupport.conversation.chat;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.smartsupport.platform.events.ReplySource;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One message of a transcript. A customer message doubles as its own outbox entry: {@code published} turns true
 * once the broker has acknowledged its event, and the relay re-publishes any that stay false. An assistant
 * message's id is the reply id, so storing a redelivered reply twice is impossible; it keeps the reply's sources
 * ({@code citations}, bounded by {@link Citations}; null on other messages and on replies stored before there were
 * sources). Its indexes: {@link ConversationIndexes}.
 */
@Document("messages")
public record Message(
        @Id String id,
        String conversationId,
        String customerId,
        Role role,
        String text,
        ReplySource source,
        String inReplyTo,
        Instant createdAt,
        Boolean published,
        List<Citation> citations) {

    public enum Role {
        customer,
        assistant,
        agent,
        system
    }

    /**
     * A knowledge-base article an assistant reply used, as the reply cites it ({@code [n]}).
     *
     * @param n         the number the reply's text cites it by
     * @param articleId the article ({@code GET /api/knowledge/articles/{articleId}})
     * @param title     its title, at most {@value Citations#MAX_TITLE} characters
     * @param passage   the passage used, at most {@value Citations#MAX_PASSAGE} characters
     */
    public record Citation(
            @Schema(requiredMode = REQUIRED) int n,
            @Schema(requiredMode = REQUIRED) String articleId,
            @Schema(requiredMode = REQUIRED) String title,
            @Schema(requiredMode = REQUIRED) String passage) {}

    public static Message customer(String id, String conversationId, String customerId, String text) {
        return new Message(id, conversationId, customerId, Role.customer, text, null, null, Instant.now(), false, null);
    }
}
