package com.smartsupport.platform.testsupport;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Real RS256 tokens for tests, signed by a key whose public half is served as a JWK set over HTTP, exactly as
 * profile-service serves its own: services under test validate them through their normal resource-server path.
 */
public final class TestTokens {
    public static final String ISSUER = "smart-support";
    public static final String AUDIENCE = "smart-support";

    private static final RSAKey KEY = generate();
    private static final RSAKey OTHER_KEY = generate();
    private static final String JWKS_URI = serveJwks();

    private TestTokens() {}

    public static String jwkSetUri() {
        return JWKS_URI;
    }

    public static String customer(String customerId) {
        return token(customerId, "CUSTOMER", Duration.ofMinutes(15));
    }

    public static String agent(String agentId) {
        return token(agentId, "AGENT", Duration.ofMinutes(15));
    }

    /** An administrator: runs the support set-up (the knowledge base), neither a customer nor an agent. */
    public static String admin(String subject) {
        return token(subject, "ADMIN", Duration.ofMinutes(15));
    }

    public static String service(String clientId) {
        return token(clientId, "SERVICE", Duration.ofMinutes(15));
    }

    public static String service(String clientId, String scopes) {
        return signedWith(KEY, clientId, "SERVICE", Duration.ofMinutes(15), ISSUER, scopes);
    }

    public static String expiredCustomer(String customerId) {
        return token(customerId, "CUSTOMER", Duration.ofMinutes(-5));
    }

    /** Signed by a key the services do not trust. */
    public static String foreignSigned(String customerId) {
        return sign(
                OTHER_KEY,
                claims(customerId, "CUSTOMER", Duration.ofMinutes(15), ISSUER).build());
    }

    public static String wrongIssuer(String customerId) {
        return sign(
                KEY,
                claims(customerId, "CUSTOMER", Duration.ofMinutes(15), "https://evil.example")
                        .build());
    }

    public static String token(String subject, String role, Duration validFor) {
        return sign(KEY, claims(subject, role, validFor, ISSUER).build());
    }

    /** A token issued this very second (the others are back-dated a minute): one that outlives a revocation. */
    public static String issuedNow(String subject, String role, Duration validFor) {
        return sign(
                KEY,
                claims(subject, role, validFor, ISSUER).issueTime(new Date()).build());
    }

    /** A token with {@code alg: none} and no signature: must never be accepted. */
    public static String unsigned(String subject, String role) {
        var b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = b64.encodeToString(claims(subject, role, Duration.ofMinutes(15), ISSUER)
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + body + ".";
    }

    /** Signs with a caller-supplied key (e.g. profile-service's own signing key in its tests). */
    public static String signedWith(
            RSAKey key, String subject, String role, Duration validFor, String issuer, String scope) {
        JWTClaimsSet.Builder claims = claims(subject, role, validFor, issuer);
        if (scope != null) {
            claims.claim("scope", scope);
        }
        return sign(key, claims.build());
    }

    public static JWTClaimsSet.Builder claims(String subject, String role, Duration validFor, String issuer) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plus(validFor)))
                .claim("roles", List.of(role))
                .claim("name", subject);
    }

    public static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serveJwks() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(null);
            server.start();
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
