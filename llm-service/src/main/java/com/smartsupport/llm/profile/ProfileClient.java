package com.smartsupport.llm.profile;

import com.smartsupport.llm.access.BackendProperties;
import com.smartsupport.llm.access.ServiceToken;
import com.smartsupport.platform.backends.Backends;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * Reads customer profiles, and the return eligibility of their orders, from profile-service with this service's
 * SERVICE token (scope profiles:read).
 */
@Component
public class ProfileClient {
    private final WebClient http;
    private final ServiceToken token;
    private final BackendProperties properties;

    ProfileClient(Backends backends, ServiceToken token, BackendProperties properties) {
        this.http = backends.client("profile-service").build();
        this.token = token;
        this.properties = properties;
    }

    /** The profile, or empty if profile-service does not know the customer. Errors if it cannot be reached. */
    public Mono<CustomerProfile> fetch(String customerId) {
        return token.get()
                .flatMap(t -> http.get()
                        .uri("/api/profiles/{id}", customerId)
                        .headers(h -> h.setBearerAuth(t))
                        .retrieve()
                        .bodyToMono(CustomerProfile.class))
                .timeout(properties.timeout())
                .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.empty());
    }

    /**
     * Whether one of the customer's orders can be returned, as profile-service (which owns orders and the return
     * policy) answers it; empty if it does not know that order for that customer.
     */
    public Mono<ReturnEligibility> returnEligibility(String customerId, String orderId) {
        return token.get()
                .flatMap(t -> http.get()
                        .uri("/api/profiles/{id}/orders/{orderId}/return-eligibility", customerId, orderId)
                        .headers(h -> h.setBearerAuth(t))
                        .retrieve()
                        .bodyToMono(ReturnEligibility.class))
                .timeout(properties.timeout())
                .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.empty());
    }
}
