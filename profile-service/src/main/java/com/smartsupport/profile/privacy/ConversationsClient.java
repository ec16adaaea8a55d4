package com.smartsupport.profile.privacy;

import com.smartsupport.platform.backends.Backends;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Reads the caller's conversations from conversation-service, on the caller's own token, for the data export. */
@Component
class ConversationsClient {
    private final WebClient http;

    ConversationsClient(Backends backends) {
        this.http = backends.client("conversation-service").build();
    }

    Mono<JsonNode> exportFor(String bearerToken) {
        return http.get()
                .uri("/api/conversations/export")
                .headers(h -> h.setBearerAuth(bearerToken))
                .retrieve()
                .bodyToMono(JsonNode.class)
                .timeout(Duration.ofSeconds(10))
                .onErrorMap(
                        e -> !(e instanceof ResponseStatusException),
                        e -> new ResponseStatusException(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "Your conversations cannot be read right now; try again shortly",
                                e));
    }
}
