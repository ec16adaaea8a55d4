package com.smartsupport.profile.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * @param issuer         the {@code iss} claim; services validate it
 * @param audience       the {@code aud} claim; services validate it
 * @param ttl            how long an access token is valid
 * @param serviceClients backend clients allowed to obtain a SERVICE token (id and secret from the environment);
 *                       an entry with no secret is ignored
 */
@ConfigurationProperties("smart.auth")
public record TokenProperties(String issuer, String audience, Duration ttl, List<ServiceClient> serviceClients) {
    public TokenProperties {
        issuer = issuer == null ? "smart-support" : issuer;
        audience = audience == null ? "smart-support" : audience;
        ttl = ttl == null ? Duration.ofHours(1) : ttl;
        serviceClients = serviceClients == null ? List.of() : List.copyOf(serviceClients);
    }

    public record ServiceClient(String id, String secret) {
    }
}
