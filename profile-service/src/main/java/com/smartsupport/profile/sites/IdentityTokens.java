package com.smartsupport.profile.sites;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Verifies a shop's identity token (docs/identity-verification.md): a JWT for exactly one registered site
 * ({@code aud}), signed as that site is configured (HS256 with its secret, or RS256 with a key of its JWK set; no
 * other algorithm, never {@code none}), unexpired, living at most {@code smart.sites.max-token-life}, with a subject
 * and a {@code jti} that was never exchanged before. Any failure is a {@code 401} that says which rule failed.
 */
@Component
class IdentityTokens {
    private static final Logger log = LoggerFactory.getLogger(IdentityTokens.class);

    /** What a verified token says about the shop's customer. */
    record Identity(String siteId, String shopCustomerId, String email, String name, String language) {}

    private final Sites sites;
    private final ReactiveMongoTemplate mongo;
    private final SiteProperties properties;
    private final SiteSecrets secrets;
    private final WebClient http = WebClient.create();
    private final AsyncCache<String, JWKSet> keySets = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .buildAsync();
    /** How often a key set may be read again for a key id it lacks. */
    static final Duration KEY_SET_REFRESH = Duration.ofSeconds(30);
    /** When each key set was last read again for an unknown key id. */
    private final Cache<String, Instant> refreshed = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterWrite(KEY_SET_REFRESH)
            .build();

    IdentityTokens(Sites sites, ReactiveMongoTemplate mongo, SiteProperties properties, SiteSecrets secrets) {
        this.sites = sites;
        this.mongo = mongo;
        this.properties = properties;
        this.secrets = secrets;
    }

    static ResponseStatusException refused(String why) {
        return new ResponseStatusException(HttpStatus.UNAUTHORIZED, "The identity token is not valid: " + why);
    }

    /** The identity, once every rule holds and the token's {@code jti} is recorded as used. */
    Mono<Identity> verify(String token, String expectedSiteId) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token); // an unsigned token ("alg": "none") is not a JWS: refused here
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | IllegalArgumentException e) {
            return Mono.error(refused("it is not a signed JWT"));
        }
        List<String> audience = claims.getAudience();
        if (audience == null || audience.size() != 1) {
            return Mono.error(refused("its audience (aud) must be exactly one site id"));
        }
        String siteId = audience.get(0);
        if (expectedSiteId != null && !expectedSiteId.equals(siteId)) {
            return Mono.error(refused("it was issued for another site"));
        }
        return sites.find(siteId)
                .onErrorMap(ResponseStatusException.class, e -> refused("its site is not registered"))
                .flatMap(site -> verifySignature(jwt, site).thenReturn(site))
                .flatMap(site -> checkClaims(claims)
                        .flatMap(identity -> markUsed(site.siteId(), claims)
                                .thenReturn(new Identity(
                                        site.siteId(),
                                        identity.shopCustomerId(),
                                        identity.email(),
                                        identity.name(),
                                        identity.language()))))
                .doOnError(ResponseStatusException.class, e -> log.info("identity token refused: {}", e.getReason()));
    }

    private Mono<Void> verifySignature(SignedJWT jwt, Site site) {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (site.jwksUrl() != null) {
            if (!JWSAlgorithm.RS256.equals(alg)) {
                return Mono.error(refused("this site's tokens are signed with RS256, not " + alg));
            }
            String kid = jwt.getHeader().getKeyID();
            return keySet(site.jwksUrl(), kid).flatMap(keys -> {
                List<JWK> candidates = keys.getKeys().stream()
                        .filter(k -> k instanceof RSAKey)
                        .filter(k -> kid == null || kid.equals(k.getKeyID()))
                        .toList();
                for (JWK key : candidates) {
                    if (verifies(jwt, () -> new RSASSAVerifier((RSAKey) key))) {
                        return Mono.<Void>empty();
                    }
                }
                return Mono.error(refused("its signature does not match the site's keys"));
            });
        }
        if (!JWSAlgorithm.HS256.equals(alg)) {
            return Mono.error(refused("this site's tokens are signed with HS256, not " + alg));
        }
        for (String stored : site.secretsAt(Instant.now())) {
            String secret = secrets.open(site.siteId(), stored);
            if (verifies(jwt, () -> new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)))) {
                return Mono.empty();
            }
        }
        return Mono.error(refused("its signature does not match the site's secret"));
    }

    private interface VerifierFactory {
        JWSVerifier create() throws JOSEException;
    }

    private static boolean verifies(SignedJWT jwt, VerifierFactory verifier) {
        try {
            return jwt.verify(verifier.create());
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    /**
     * The site's key set, read again when it lacks the token's {@code kid} (the shop rotated its keys since it was
     * cached), at most once per {@link #KEY_SET_REFRESH} and URL: unknown key ids cannot make us hammer the shop.
     */
    private Mono<JWKSet> keySet(String url, String kid) {
        return keySet(url).flatMap(keys -> {
            if (kid == null
                    || keys.getKeyByKeyId(kid) != null
                    || refreshed.asMap().putIfAbsent(url, Instant.now()) != null) {
                return Mono.just(keys);
            }
            keySets.synchronous().invalidate(url);
            return keySet(url);
        });
    }

    private Mono<JWKSet> keySet(String url) {
        return Mono.fromFuture(keySets.get(
                        url,
                        (u, executor) -> http.get()
                                .uri(u)
                                .retrieve()
                                .bodyToMono(String.class)
                                .timeout(Duration.ofSeconds(5))
                                .flatMap(json -> Mono.fromCallable(() -> JWKSet.parse(json))
                                        .subscribeOn(Schedulers.parallel()))
                                .toFuture()))
                .onErrorMap(e -> !(e instanceof ResponseStatusException), e -> {
                    log.warn("the JWK set at {} could not be read: {}", url, e.toString());
                    return new ResponseStatusException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "The shop's signing keys cannot be read right now; try again shortly");
                });
    }

    private Mono<Identity> checkClaims(JWTClaimsSet claims) {
        Instant now = Instant.now();
        Duration skew = properties.clockSkew();
        if (claims.getExpirationTime() == null || claims.getIssueTime() == null) {
            return Mono.error(refused("it needs iat and exp"));
        }
        Instant exp = claims.getExpirationTime().toInstant();
        Instant iat = claims.getIssueTime().toInstant();
        if (!now.isBefore(exp.plus(skew))) {
            return Mono.error(refused("it has expired"));
        }
        if (iat.isAfter(now.plus(skew))) {
            return Mono.error(refused("it was issued in the future"));
        }
        if (Duration.between(iat, exp).compareTo(properties.maxTokenLife()) > 0) {
            return Mono.error(
                    refused("it may live at most " + properties.maxTokenLife().toMinutes() + " minutes"));
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > 200) {
            return Mono.error(refused("it needs the shop's customer id as sub (at most 200 characters)"));
        }
        if (claims.getJWTID() == null
                || claims.getJWTID().isBlank()
                || claims.getJWTID().length() > 200) {
            return Mono.error(refused("it needs a jti (at most 200 characters)"));
        }
        String email = text(claims, "email", 320);
        return Mono.just(new Identity(
                null,
                subject,
                email != null && email.contains("@") ? email : null,
                text(claims, "name", 100),
                language(text(claims, "language", 10))));
    }

    /** Records the token as used; a second exchange of the same {@code jti} for the site is refused. */
    private Mono<Void> markUsed(String siteId, JWTClaimsSet claims) {
        Instant keep = claims.getExpirationTime().toInstant().plus(properties.clockSkew());
        return mongo.insert(new UsedIdentityToken(siteId + ":" + claims.getJWTID(), keep))
                .then()
                .onErrorMap(DuplicateKeyException.class, e -> refused("it was used before (jti)"));
    }

    private static String text(JWTClaimsSet claims, String name, int max) {
        Object value = claims.getClaim(name);
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        String trimmed = s.strip();
        return trimmed.length() > max ? trimmed.substring(0, max) : trimmed;
    }

    private static String language(String tag) {
        if (tag == null) {
            return null;
        }
        String code = tag.toLowerCase(Locale.ROOT);
        code = code.length() > 2 && (code.charAt(2) == '-' || code.charAt(2) == '_') ? code.substring(0, 2) : code;
        return code.matches("[a-z]{2}") ? code : null;
    }
}
