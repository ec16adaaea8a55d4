package com.smartsupport.llm.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * llm-service's own client credential for the services it reads from (where they run:
 * {@code smart.backends.instances}, {@link com.smartsupport.platform.backends.Backends}).
 *
 * @param clientId               this service's client id
 * @param clientSecret           its secret (from the environment only)
 * @param timeout                per call
 */
@ConfigurationProperties("smart.service-client")
public record BackendProperties(String clientId, String clientSecret, Duration timeout) {
    public BackendProperties {
        clientId = clientId == null ? "llm-service" : clientId;
        timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
    }
}
