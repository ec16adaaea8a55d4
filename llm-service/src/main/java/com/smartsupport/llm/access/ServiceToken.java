package com.smartsupport.llm.access;

import com.smartsupport.platform.backends.Backends;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * This service's SERVICE token (client credentials at profile-service), cached until a minute before it
 * expires; a failed exchange is not cached.
 */
@Component
public class ServiceToken {
    private final Mono<String> token;

    ServiceToken(Backends backends, BackendProperties properties) {
        WebClient http = backends.client("profile-service").build();
        this.token = Mono.defer(() -> http.post()
                        .uri("/api/auth/token")
                        .bodyValue(Map.of(
                                "clientId",
                                properties.clientId(),
                                "clientSecret",
                                properties.clientSecret() == null ? "" : properties.clientSecret()))
                        .retrieve()
                        .bodyToMono(TokenResponse.class)
                        .timeout(properties.timeout()))
                .cache(
                        t -> Duration.ofSeconds(Math.max(1, t.expiresIn() - 60)),
                        e -> Duration.ZERO,
                        () -> Duration.ZERO)
                .map(TokenResponse::accessToken);
    }

    record TokenResponse(String accessToken, long expiresIn) {}

    public Mono<String> get() {
        return token;
    }
}
