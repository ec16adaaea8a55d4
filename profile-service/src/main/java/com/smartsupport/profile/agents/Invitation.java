package com.smartsupport.profile.agents;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A one-time link to set a password. Only the SHA-256 of the token is stored (the id), so a copy of the database
 * opens nobody's account; {@code usedAt} is set by one conditional update, so the link works once.
 */
@Document("invitations")
record Invitation(@Id String tokenHash, String agentId, String email, Instant expiresAt, Instant usedAt) {}
