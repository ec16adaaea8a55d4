package com.smartsupport.llm.profile;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;

/**
 * Reads customer profiles from profile-service with this service's own SERVICE token (client credentials),
 * cached until shortly before it expires and dropped on a 401.
 */
@Component
public class ProfileClient {
    private final WebClient http;
    private final ProfileClientProperties properties;
    private final Mono<String> token;

    ProfileClient(WebClient.Builder builder, ProfileClientProperties properties) {
        this.http = builder.baseUrl(properties.baseUrl()).build();
        this.properties = properties;
        this.token = fetchToken().cache(
                t -> Duration.ofSeconds(Math.max(1, t.expiresIn() - 60)),
                e -> Duration.ZERO,
                () -> Duration.ZERO).map(TokenResponse::accessToken);
    }

    record TokenResponse(String accessToken, long expiresIn) {
    }

    private Mono<TokenResponse> fetchToken() {
        return Mono.defer(() -> http.post().uri("/api/auth/token")
                .bodyValue(Map.of("clientId", properties.clientId(),
                        "clientSecret", properties.clientSecret() == null ? "" : properties.clientSecret()))
                .retrieve()
                .bodyToMono(TokenResponse.class)
                .timeout(properties.timeout()));
    }

    /** The profile, or empty if profile-service does not know the customer. Errors if it cannot be reached. */
    public Mono<CustomerProfile> fetch(String customerId) {
        return token.flatMap(t -> http.get().uri("/api/profiles/{id}", customerId)
                        .headers(h -> h.setBearerAuth(t))
                        .retrieve()
                        .bodyToMono(CustomerProfile.class))
                .timeout(properties.timeout())
                .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.empty())
                .onErrorMap(WebClientResponseException.class, e -> e.getStatusCode() == HttpStatus.UNAUTHORIZED
                        ? new IllegalStateException("profile-service refused this service's credentials", e) : e);
    }
}
