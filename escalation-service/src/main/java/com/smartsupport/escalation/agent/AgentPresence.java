package com.smartsupport.escalation.agent;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * An agent's availability and load. Only online agents receive cases; {@code activeCases} is changed only by
 * conditional, single-document updates, so no instance of the service can push an agent past the cap.
 */
@Document("agents")
public record AgentPresence(@Id String agentId, String name, Status status, Instant since, int activeCases,
                            Instant lastAssignedAt) {
    public enum Status { online, away }
}
