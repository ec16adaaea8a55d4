package com.smartsupport.conversation.chat;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One support conversation of one customer. {@code contactEmail}: where the customer asked to be followed up (a
 * guest on a shop's site has no profile to hold it); agents see it, the assistant's prompt never does.
 */
@Document("conversations")
public record Conversation(
        @Id String id,
        @Indexed String customerId,
        Status status,
        Instant createdAt,
        Instant updatedAt,
        Feedback feedback,
        String agentId,
        String contactEmail) {

    public Conversation(
            String id,
            String customerId,
            Status status,
            Instant createdAt,
            Instant updatedAt,
            Feedback feedback,
            String agentId) {
        this(id, customerId, status, createdAt, updatedAt, feedback, agentId, null);
    }

    public enum Status {
        OPEN,
        WAITING_FOR_AGENT,
        WITH_AGENT,
        CLOSED
    }

    /** The customer's rating of a closed conversation. */
    public record Feedback(@Schema(requiredMode = REQUIRED) int rating, String comment, Instant ratedAt) {}
}
