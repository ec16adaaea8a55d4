package com.smartsupport.profile.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Issues RS256 access tokens with issuer, audience, expiry, key id, subject, role and display name. */
@Component
public class TokenIssuer {
    private final SigningKeys keys;
    private final TokenProperties properties;

    public TokenIssuer(SigningKeys keys, TokenProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    public IssuedToken issue(String subject, Role role, String displayName) {
        return issue(subject, role, displayName, null);
    }

    public IssuedToken issue(String subject, Role role, String displayName, String scopes) {
        return issue(subject, role, displayName, scopes, Instant.now());
    }

    /**
     * A token that outlives a revocation of its subject at {@code revokedAt}: its {@code iat} (whole seconds) is
     * after that instant, even if issued within the same second (see {@code RevokedSessions}).
     */
    public IssuedToken issueAfter(Instant revokedAt, String subject, Role role, String displayName) {
        Instant now = Instant.now();
        Instant after = revokedAt.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return issue(subject, role, displayName, null, now.isBefore(after) ? after : now);
    }

    private IssuedToken issue(String subject, Role role, String displayName, String scopes, Instant issuedAt) {
        RSAKey key = keys.current();
        Instant now = Instant.now();
        Instant expires = now.plus(properties.ttl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .audience(properties.audience())
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(expires))
                .claim(Caller.ROLES_CLAIM, List.of(role.name()))
                .claim(Caller.NAME_CLAIM, displayName)
                .claim(Caller.SCOPE_CLAIM, scopes)
                .build();
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return new IssuedToken(jwt.serialize(), properties.ttl().toSeconds(), role, subject);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    public record IssuedToken(String value, long expiresIn, Role role, String subject) {}
}
