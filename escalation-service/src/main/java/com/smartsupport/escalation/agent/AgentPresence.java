package com.smartsupport.escalation.agent;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** Whether an agent takes work now. Only online agents receive cases. */
@Document("agents")
public record AgentPresence(@Id String agentId, String name, Status status, Instant since) {
    public enum Status { online, away }
}
