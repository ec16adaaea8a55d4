package com.smartsupport.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/** A token of a subject whose sessions ended is refused if it was issued before the end, not after. */
class RevocationCheckingJwtDecoderTest {
    static final Instant REVOKED_AT = Instant.parse("2026-12-05T10:00:00.400Z");

    final RevokedSessions revoked = new RevokedSessions(Duration.ofHours(24));
    /** Tokens are "<subject>@<iat>", e.g. "agt_1@2026-12-05T09:00:00Z". */
    final ReactiveJwtDecoder verifier = token -> {
        String[] parts = token.split("@");
        return Mono.just(Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .subject(parts[0])
                .issuedAt(Instant.parse(parts[1]))
                .expiresAt(Instant.parse(parts[1]).plusSeconds(3600))
                .build());
    };

    final RevocationCheckingJwtDecoder decoder = new RevocationCheckingJwtDecoder(verifier, () -> revoked);

    @Test
    void tokensIssuedBeforeTheRevocationAreRefusedOthersPass() {
        assertThat(decoder.decode("agt_1@2026-12-05T09:00:00Z").block()).isNotNull();
        revoked.revoke("agt_1", REVOKED_AT);
        assertThatThrownBy(() -> decoder.decode("agt_1@2026-12-05T09:00:00Z").block())
                .isInstanceOf(BadJwtException.class)
                .hasMessageContaining("session has ended");
        // iat has whole seconds: a token of the revocation's own second counts as before it
        assertThatThrownBy(() -> decoder.decode("agt_1@2026-12-05T10:00:00Z").block())
                .isInstanceOf(BadJwtException.class);
        assertThat(decoder.decode("agt_1@2026-12-05T10:00:01Z").block())
                .as("issued after")
                .isNotNull();
        assertThat(decoder.decode("agt_2@2026-12-05T09:00:00Z").block())
                .as("another subject")
                .isNotNull();
        // an older revocation read later (a restart reading the topic) does not undo a newer one
        revoked.revoke("agt_1", REVOKED_AT.minusSeconds(3600));
        assertThatThrownBy(() -> decoder.decode("agt_1@2026-12-05T09:30:00Z").block())
                .isInstanceOf(BadJwtException.class);
    }

    @Test
    void withoutRevocationsEveryVerifiedTokenPasses() {
        var gateway = new RevocationCheckingJwtDecoder(verifier, () -> null);
        assertThat(gateway.decode("agt_1@2026-12-05T09:00:00Z").block()).isNotNull();
    }
}
