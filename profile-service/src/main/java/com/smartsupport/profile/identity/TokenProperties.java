package com.smartsupport.profile.identity;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param issuer         the {@code iss} claim; services validate it
 * @param audience       the {@code aud} claim; services validate it
 * @param ttl            how long an access token is valid
 * @param serviceClients backend clients allowed to obtain a SERVICE token (id and secret from the environment,
 *                       and the scopes the token carries); an entry with no secret is ignored
 * @param loginThrottle  failed logins tolerated per e-mail before it is locked for a while
 */
@ConfigurationProperties("smart.auth")
public record TokenProperties(
        String issuer,
        String audience,
        Duration ttl,
        List<ServiceClient> serviceClients,
        LoginThrottleProperties loginThrottle) {
    public TokenProperties {
        issuer = issuer == null ? "smart-support" : issuer;
        audience = audience == null ? "smart-support" : audience;
        ttl = ttl == null ? Duration.ofHours(1) : ttl;
        serviceClients = serviceClients == null ? List.of() : List.copyOf(serviceClients);
        loginThrottle = loginThrottle == null
                ? new LoginThrottleProperties(5, Duration.ofMinutes(15), Duration.ofMinutes(15))
                : loginThrottle;
    }

    public record ServiceClient(String id, String secret, String scopes) {}

    /**
     * @param maxFailures failures within {@code window} that lock the e-mail
     * @param window      how far back failures count
     * @param lockFor     how long a locked e-mail refuses every attempt, right or wrong
     */
    public record LoginThrottleProperties(int maxFailures, Duration window, Duration lockFor) {}
}
