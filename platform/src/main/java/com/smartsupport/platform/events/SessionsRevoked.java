package com.smartsupport.platform.events;

import java.time.Instant;

/**
 * Every session of one subject issued before {@code revokedAt} has ended (topic {@link Topics#SESSIONS_REVOKED},
 * compacted, key = the subject): an agent deactivated, a password changed. Each instance of each service reads the
 * whole topic and refuses those tokens from then on; a service that holds the subject's live streams ends them.
 *
 * @param subject   the customer, agent or admin id
 * @param role      the subject's role ({@code AGENT}, {@code ADMIN}, {@code CUSTOMER})
 * @param revokedAt tokens issued before this instant are refused
 * @param reason    {@code deactivated} or {@code password_changed}
 */
public record SessionsRevoked(String subject, String role, Instant revokedAt, String reason) implements EventPayload {
    public static final String TYPE = "sessions.revoked";
    public static final String DEACTIVATED = "deactivated";
    public static final String PASSWORD_CHANGED = "password_changed";

    @Override
    public String eventType() {
        return TYPE;
    }
}
