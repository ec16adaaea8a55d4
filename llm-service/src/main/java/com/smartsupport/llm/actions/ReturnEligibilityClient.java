package com.smartsupport.llm.actions;

import com.smartsupport.llm.access.ServiceToken;
import com.smartsupport.platform.backends.Backends;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * Asks profile-service, which owns orders and the return policy, whether an order of the customer can be returned
 * (SERVICE token, scope {@code profiles:read}; always for the conversation's own customer).
 */
@Component
class ReturnEligibilityClient {
    /** profile-service's answer; {@code reason} is {@code eligible} or why not. */
    record Eligibility(
            String orderId,
            String product,
            boolean eligible,
            String reason,
            String explanation,
            LocalDate deliveredOn,
            LocalDate returnBy,
            BigDecimal refundAmount,
            String currency,
            BigDecimal returnShippingFee,
            String feeNote) {}

    private final WebClient http;
    private final ServiceToken token;

    ReturnEligibilityClient(Backends backends, ServiceToken token) {
        this.http = backends.client("profile-service").build();
        this.token = token;
    }

    /** Empty if profile-service does not know the order for this customer; an error if it cannot answer. */
    Mono<Eligibility> of(String customerId, String orderId) {
        return token.get()
                .flatMap(t -> http.get()
                        .uri("/api/profiles/{id}/orders/{orderId}/return-eligibility", customerId, orderId)
                        .headers(h -> h.setBearerAuth(t))
                        .retrieve()
                        .bodyToMono(Eligibility.class))
                .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.empty());
    }
}
