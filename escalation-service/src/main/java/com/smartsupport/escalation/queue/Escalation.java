package com.smartsupport.escalation.queue;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A conversation waiting for, or held by, a human agent ({@code language}: the customer's, where known, for an agent
 * who speaks it). One per conversation hand-off; its id is derived from
 * the conversation so a redelivered request cannot queue it twice.
 */
@Document("escalations")
public record Escalation(
        @Id @Schema(requiredMode = REQUIRED) String id,
        @Schema(requiredMode = REQUIRED) String conversationId,
        @Schema(requiredMode = REQUIRED) String customerId,
        String reason,
        String detail,
        @Schema(requiredMode = REQUIRED) Status status,
        String agentId,
        String agentName,
        Instant requestedAt,
        Instant assignedAt,
        String requestEventId,
        Instant acceptedAt,
        Instant closedAt,
        String resolution,
        String language) {

    /** QUEUED → ASSIGNED (to an agent) → ACCEPTED (the agent holds the conversation) → CLOSED. */
    public enum Status {
        QUEUED,
        ASSIGNED,
        ACCEPTED,
        CLOSED,
        /** The agent handed the conversation back to the assistant; a new request queues the case again. */
        HANDED_BACK
    }

    public boolean active() {
        return status == Status.ASSIGNED || status == Status.ACCEPTED;
    }

    public static String idFor(String conversationId) {
        return "esc_" + conversationId;
    }
}
