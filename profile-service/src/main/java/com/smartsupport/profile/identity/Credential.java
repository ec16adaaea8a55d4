package com.smartsupport.profile.identity;

import com.smartsupport.platform.security.Role;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A login: the e-mail (lower-cased, the document id, so it is unique), a BCrypt hash, the subject the token is
 * issued for (customer, agent or admin id) and the role.
 */
@Document("credentials")
public record Credential(@Id String email, String subject, Role role, String displayName, String passwordHash) {}
