package com.smartsupport.profile.sites;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param secretGrace     how long a site's previous secret is still accepted after a rotation
 * @param maxTokenLife    the longest an identity token may live ({@code exp - iat})
 * @param clockSkew       what the shop's clock may be off by
 * @param secretKey       base64 of 32 random bytes: site secrets are stored encrypted with it (AES-256-GCM); unset,
 *                        they are stored as they are ({@link SiteSecrets})
 */
@ConfigurationProperties("smart.sites")
public record SiteProperties(Duration secretGrace, Duration maxTokenLife, Duration clockSkew, String secretKey) {
    public SiteProperties {
        secretGrace = secretGrace == null ? Duration.ofHours(24) : secretGrace;
        maxTokenLife = maxTokenLife == null ? Duration.ofMinutes(10) : maxTokenLife;
        clockSkew = clockSkew == null ? Duration.ofSeconds(60) : clockSkew;
        secretKey = secretKey == null || secretKey.isBlank() ? null : secretKey;
    }
}
