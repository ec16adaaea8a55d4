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
    /** Issuer and audience when nothing sets them (smart-platform.yml sets both, for every service). */
    static final String DEFAULT_ISSUER = "smart-support";

    public TokenProperties {
        issuer = issuer == null || issuer.isBlank() ? DEFAULT_ISSUER : issuer;
        audience = audience == null || audience.isBlank() ? DEFAULT_ISSUER : audience;
        ttl = ttl == null ? Duration.ofHours(1) : ttl;
        serviceClients = serviceClients == null ? List.of() : List.copyOf(serviceClients);
        loginThrottle = loginThrottle == null ? new LoginThrottleProperties(null, null, null) : loginThrottle;
    }

    public record ServiceClient(String id, String secret, String scopes) {}

    /**
     * @param maxFailures failures within {@code window} that lock the e-mail
     * @param window      how far back failures count
     * @param lockFor     how long a locked e-mail refuses every attempt, right or wrong
     */
    public record LoginThrottleProperties(Integer maxFailures, Duration window, Duration lockFor) {
        public LoginThrottleProperties {
            maxFailures = maxFailures == null ? 5 : maxFailures;
            window = window == null ? Duration.ofMinutes(15) : window;
            lockFor = lockFor == null ? Duration.ofMinutes(15) : lockFor;
        }
    }
}
