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
 * {@code outcome}: what became of it, once decided (null before, and again after the customer came back);
 * {@code helpful}: the customer's latest answer to "Did this solve it?"; {@code handoffReason}: why it went to a
 * person, if it did; {@code handBack}: the note of the last agent who handed it back to the assistant (for the
 * assistant and agents, never shown to the customer).
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
        String contactEmail,
        Outcome outcome,
        Helpful helpful,
        String handoffReason,
        HandBack handBack) {

    /**
     * The mark an outcome sweep leaves on a conversation that was opened and never written in (a field of the
     * document only): later sweeps leave it out; a customer's message removes it.
     */
    public static final String NEVER_WRITTEN = "neverWritten";

    public Conversation(
            String id,
            String customerId,
            Status status,
            Instant createdAt,
            Instant updatedAt,
            Feedback feedback,
            String agentId) {
        this(id, customerId, status, createdAt, updatedAt, feedback, agentId, null, null, null, null, null);
    }

    public enum Status {
        OPEN,
        WAITING_FOR_AGENT,
        WITH_AGENT,
        CLOSED
    }

    /**
     * What became of a conversation.
     *
     * @param kind      who resolved it, or how it ended unresolved
     * @param basis     how it is known: the customer said so or an agent closed it, or the customer left without
     *                  asking for more
     * @param decidedAt when it was decided
     */
    public record Outcome(
            @Schema(requiredMode = REQUIRED) Kind kind,
            @Schema(requiredMode = REQUIRED) Basis basis,
            @Schema(requiredMode = REQUIRED) Instant decidedAt) {
        public enum Kind {
            RESOLVED_BY_ASSISTANT,
            RESOLVED_BY_AGENT,
            ESCALATED_ABANDONED,
            UNRESOLVED
        }

        public enum Basis {
            CONFIRMED,
            ASSUMED
        }
    }

    /** An agent handed the conversation back to the assistant, with a note for it. */
    public record HandBack(
            @Schema(requiredMode = REQUIRED) String agentName,
            @Schema(requiredMode = REQUIRED) String note,
            @Schema(requiredMode = REQUIRED) Instant at) {}

    /** The customer's answer to "Did this solve it?" about one reply. */
    public record Helpful(
            @Schema(requiredMode = REQUIRED) String replyId,
            @Schema(requiredMode = REQUIRED) boolean solved,
            @Schema(requiredMode = REQUIRED) Instant answeredAt) {}

    /** The customer's rating of a closed conversation. */
    public record Feedback(@Schema(requiredMode = REQUIRED) int rating, String comment, Instant ratedAt) {}
}
