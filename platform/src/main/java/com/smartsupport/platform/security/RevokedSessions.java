package com.smartsupport.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The subjects whose sessions ended, and when: a token of such a subject issued before that instant is refused
 * (see {@link RevocationCheckingJwtDecoder}). Filled from the {@code sessions.revoked} topic by every instance of
 * every service; an entry is kept for {@code retention}, which must exceed the longest token lifetime (a token
 * issued before the revocation has expired by then anyway).
 */
public final class RevokedSessions {
    private final Cache<String, Instant> revoked;

    public RevokedSessions(Duration retention) {
        this.revoked = Caffeine.newBuilder().expireAfterWrite(retention).build();
    }

    /** Ends the subject's sessions issued before {@code at} (a later revocation of the same subject wins). */
    public void revoke(String subject, Instant at) {
        revoked.asMap().merge(subject, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * Whether the token belongs to a session that has ended. A token's {@code iat} has whole seconds, so a token
     * issued in the second of the revocation but before it counts as ended; one issued after it needs an
     * {@code iat} of the next second at least ({@code TokenIssuer} does that for the token it hands out with a
     * password change).
     */
    public boolean isRevoked(Jwt jwt) {
        Instant at = jwt.getSubject() == null ? null : revoked.getIfPresent(jwt.getSubject());
        return at != null && (jwt.getIssuedAt() == null || jwt.getIssuedAt().isBefore(at));
    }

    /** When the subject's sessions last ended, if that is remembered. */
    public Optional<Instant> revokedAt(String subject) {
        return Optional.ofNullable(revoked.getIfPresent(subject));
    }
}
