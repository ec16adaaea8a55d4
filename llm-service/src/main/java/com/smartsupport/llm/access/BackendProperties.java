package com.smartsupport.llm.access;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How llm-service reaches the services it reads from, with its own client credential.
 *
 * @param profileServiceUrl      profile-service (issues tokens, serves profiles)
 * @param conversationServiceUrl conversation-service (serves transcripts)
 * @param clientId               this service's client id
 * @param clientSecret           its secret (from the environment only)
 * @param timeout                per call
 */
@ConfigurationProperties("smart.backends")
public record BackendProperties(String profileServiceUrl, String conversationServiceUrl, String clientId,
                                String clientSecret, Duration timeout) {
    public BackendProperties {
        profileServiceUrl = profileServiceUrl == null ? "http://localhost:8081" : profileServiceUrl;
        conversationServiceUrl = conversationServiceUrl == null ? "http://localhost:8082" : conversationServiceUrl;
        clientId = clientId == null ? "llm-service" : clientId;
        timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
    }
}
