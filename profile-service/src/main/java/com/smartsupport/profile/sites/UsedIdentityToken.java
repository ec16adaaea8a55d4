package com.smartsupport.profile.sites;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** An identity token's {@code jti} already exchanged (kept until the token expires: a TTL index drops it). */
@Document("identity_tokens_used")
record UsedIdentityToken(@Id String id, Instant expiresAt) {}
