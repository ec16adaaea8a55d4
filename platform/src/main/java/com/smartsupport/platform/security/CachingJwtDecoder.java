package com.smartsupport.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens that passed verification, so that a client's every request (a chat message, a poll, a stream)
 * does not verify the same RS256 signature again: verification (a JWK lookup, an RSA public-key operation, claim
 * validation) was the largest single cost of an authenticated request in the gateway and in each service
 * (CHANGELOG.md). Only successes are remembered, each until the token expires and at most
 * {@code maxAge} (so a key removed from the JWK set stops being honoured within that time); a remembered token is
 * handed out only while it has not expired. The set is bounded ({@code maxEntries}): when full, Caffeine evicts the
 * entries least likely to be used again (their next requests verify again).
 */
public final class CachingJwtDecoder implements ReactiveJwtDecoder {
    private record Entry(Jwt jwt, Instant until) {}

    private final ReactiveJwtDecoder delegate;
    private final Duration maxAge;
    private final Clock clock;
    private final Cache<String, Entry> verified;

    public CachingJwtDecoder(ReactiveJwtDecoder delegate, int maxEntries, Duration maxAge, Clock clock) {
        this.delegate = delegate;
        // evictions on the writing thread: the bound holds as soon as a token is remembered
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .executor(Runnable::run)
                .build();
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        Instant now = clock.instant();
        Entry hit = verified.getIfPresent(token);
        if (hit != null) {
            if (now.isBefore(hit.until())) {
                return Mono.just(hit.jwt());
            }
            verified.asMap().remove(token, hit);
        }
        return delegate.decode(token).doOnNext(jwt -> remember(token, jwt, clock.instant()));
    }

    private void remember(String token, Jwt jwt, Instant now) {
        Instant until = now.plus(maxAge);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
            until = jwt.getExpiresAt();
        }
        if (!now.isBefore(until)) {
            return;
        }
        verified.put(token, new Entry(jwt, until));
    }

    /** Tokens remembered now (for tests and metrics). */
    public int size() {
        verified.cleanUp();
        return (int) verified.estimatedSize();
    }
}
