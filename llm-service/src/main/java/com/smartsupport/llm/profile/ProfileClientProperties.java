package com.smartsupport.llm.profile;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param baseUrl      profile-service
 * @param clientId     this service's client id
 * @param clientSecret its secret (from the environment only)
 * @param timeout      per call
 */
@ConfigurationProperties("smart.profile")
public record ProfileClientProperties(String baseUrl, String clientId, String clientSecret, Duration timeout) {
    public ProfileClientProperties {
        baseUrl = baseUrl == null ? "http://localhost:8081" : baseUrl;
        clientId = clientId == null ? "llm-service" : clientId;
        timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
    }
}
