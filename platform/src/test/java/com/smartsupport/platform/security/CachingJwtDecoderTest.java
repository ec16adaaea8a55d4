package com.smartsupport.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/** Verified tokens are remembered until they expire (at most max-age); failures never are. */
class CachingJwtDecoderTest {
    Instant now = Instant.parse("2026-12-02T10:00:00Z");
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    final AtomicInteger verifications = new AtomicInteger();
    /** Accepts tokens named "good-<seconds to expiry>", refuses the rest, and counts each verification. */
    final ReactiveJwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good-")) {
            return Mono.error(new BadJwtException("bad signature"));
        }
        Instant exp = Instant.parse("2026-12-02T10:00:00Z").plusSeconds(Long.parseLong(token.substring(5)));
        if (!now.isBefore(exp)) {
            return Mono.error(new BadJwtException("expired"));
        }
        return Mono.just(Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .subject("cus_1")
                .expiresAt(exp)
                .issuedAt(exp.minusSeconds(3600))
                .build());
    };

    final CachingJwtDecoder decoder = new CachingJwtDecoder(verifier, 3, Duration.ofMinutes(5), clock);

    @Test
    void aVerifiedTokenIsNotVerifiedAgainUntilItExpires() {
        Jwt first = decoder.decode("good-120").block();
        Jwt again = decoder.decode("good-120").block();
        assertThat(again).isSameAs(first);
        assertThat(verifications).hasValue(1);

        now = now.plusSeconds(119);
        assertThat(decoder.decode("good-120").block()).isSameAs(first);
        assertThat(verifications).hasValue(1);

        now = now.plusSeconds(1); // expired now: verified again, and refused
        assertThatThrownBy(() -> decoder.decode("good-120").block()).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterTheMaxAge() {
        decoder.decode("good-3600").block();
        now = now.plus(Duration.ofMinutes(5));
        decoder.decode("good-3600").block();
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
        }
        assertThat(verifications).hasValue(3);
        assertThat(decoder.size()).isZero();
    }

    @Test
    void theSetIsBounded() {
        for (int i = 0; i < 10; i++) {
            decoder.decode("good-" + (100 + i)).block();
            assertThat(decoder.size()).isLessThanOrEqualTo(3);
        }
    }
}
