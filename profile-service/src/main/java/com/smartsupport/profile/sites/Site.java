package com.smartsupport.profile.sites;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A shop's site that embeds the widget: the origins its pages are served from (the only ones that may frame the
 * chat and hand it an identity), whether visitors who are not signed in may chat as guests, and how the shop signs
 * its customers' identity tokens: HS256 with {@code secret} (generated here, shown to the admin once; the previous
 * one still accepted until {@code previousSecretUntil} after a rotation), or RS256 against the shop's
 * {@code jwksUrl}. The secrets are kept because HS256 verification needs them, encrypted when a key is configured
 * ({@link SiteSecrets}); they are never returned or logged.
 */
@Document("sites")
public record Site(
        @Id String siteId,
        String name,
        List<String> allowedOrigins,
        boolean guestChats,
        String jwksUrl,
        String secret,
        String previousSecret,
        Instant previousSecretUntil,
        Instant createdAt) {
    public Site {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    /**
     * The stored secrets an HS256 token may be signed with at {@code now} (open them with {@link SiteSecrets}): the
     * current one, and the previous in grace.
     */
    List<String> secretsAt(Instant now) {
        return previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil)
                ? List.of(secret, previousSecret)
                : List.of(secret);
    }
}
