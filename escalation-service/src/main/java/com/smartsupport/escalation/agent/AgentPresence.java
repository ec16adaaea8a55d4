package com.smartsupport.escalation.agent;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An agent's availability and load. Only online agents receive cases; {@code activeCases} is changed only by
 * conditional, single-document updates, so no instance of the service can push an agent past their cap.
 * {@code maxCases} and {@code languages} come from the administration ({@code agents.changed}); null for an agent
 * it does not manage (the demo agents, single sign-on): the default cap, any language.
 */
@Document("agents")
public record AgentPresence(
        @Id @Schema(requiredMode = REQUIRED) String agentId,
        String name,
        @Schema(requiredMode = REQUIRED) Status status,
        Instant since,
        int activeCases,
        Instant lastAssignedAt,
        Integer maxCases,
        List<String> languages) {
    public enum Status {
        online,
        away
    }

    public AgentPresence(
            String agentId, String name, Status status, Instant since, int activeCases, Instant lastAssignedAt) {
        this(agentId, name, status, since, activeCases, lastAssignedAt, null, null);
    }

    /** How many cases this agent holds at once. */
    public int cap(int defaultCap) {
        return maxCases == null ? defaultCap : maxCases;
    }

    /** Whether they take conversations in this language (an unknown language, or no languages set: yes). */
    public boolean speaks(String language) {
        return language == null || languages == null || languages.isEmpty() || languages.contains(language);
    }
}
