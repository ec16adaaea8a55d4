package com.smartsupport.profile.agents;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An agent as the admin manages them: invited, then active once they set a password, and deactivated when they
 * leave (their login is removed at once). The e-mail is lower-cased; languages are the conversation languages the
 * agent takes (ISO 639-1, e.g. {@code en}, {@code fr}); {@code maxCases} is how many cases they hold at once.
 */
@Document("agents")
public record AgentAccount(
        @Id String agentId,
        String name,
        String email,
        List<String> languages,
        int maxCases,
        Status status,
        Instant invitedAt,
        Instant activatedAt,
        Instant deactivatedAt) {
    public enum Status {
        INVITED,
        ACTIVE,
        DEACTIVATED
    }

    public AgentAccount {
        languages = languages == null ? List.of() : List.copyOf(languages);
    }

    AgentAccount activated(Instant at) {
        return new AgentAccount(agentId, name, email, languages, maxCases, Status.ACTIVE, invitedAt, at, null);
    }

    /** Invited anew after leaving: the same agent, a new invitation, no longer deactivated. */
    AgentAccount invitedAgain(Instant at) {
        return new AgentAccount(agentId, name, email, languages, maxCases, Status.INVITED, at, null, null);
    }

    AgentAccount deactivated(Instant at) {
        return new AgentAccount(
                agentId, name, email, languages, maxCases, Status.DEACTIVATED, invitedAt, activatedAt, at);
    }

    AgentAccount with(String newName, List<String> newLanguages, Integer newMaxCases) {
        return new AgentAccount(
                agentId,
                newName == null ? name : newName,
                email,
                newLanguages == null ? languages : newLanguages,
                newMaxCases == null ? maxCases : newMaxCases,
                status,
                invitedAt,
                activatedAt,
                deactivatedAt);
    }
}
