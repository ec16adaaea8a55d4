package com.smartsupport.llm.profile;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The profile cache ({@link ProfileCache}).
 *
 * @param ttl     how long a cached profile may be used (an entry is dropped at once on {@code profile.changed})
 * @param maxSize profiles cached at most
 */
@ConfigurationProperties("smart.llm.profile-cache")
public record ProfileCacheProperties(Duration ttl, Long maxSize) {
    public ProfileCacheProperties {
        ttl = ttl == null ? Duration.ofSeconds(60) : ttl;
        maxSize = maxSize == null ? 10_000L : maxSize;
    }
}
