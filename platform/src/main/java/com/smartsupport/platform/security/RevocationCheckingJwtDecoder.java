package com.smartsupport.platform.security;

import java.util.function.Supplier;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Refuses a verified token whose session has ended ({@link RevokedSessions}), on every request, whether the token
 * was verified just now or remembered by {@link CachingJwtDecoder}. Where no revocations are read (the gateway,
 * which has no Kafka), the supplier gives null and every verified token passes; the services behind it refuse.
 */
public final class RevocationCheckingJwtDecoder implements ReactiveJwtDecoder {
    private final ReactiveJwtDecoder delegate;
    private final Supplier<RevokedSessions> revoked;

    public RevocationCheckingJwtDecoder(ReactiveJwtDecoder delegate, Supplier<RevokedSessions> revoked) {
        this.delegate = delegate;
        this.revoked = revoked;
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        return delegate.decode(token).flatMap(jwt -> {
            RevokedSessions sessions = revoked.get();
            return sessions != null && sessions.isRevoked(jwt)
                    ? Mono.error(new BadJwtException("This session has ended: log in again"))
                    : Mono.just(jwt);
        });
    }
}
