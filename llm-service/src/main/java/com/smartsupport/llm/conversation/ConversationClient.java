package com.smartsupport.llm.conversation;

import com.smartsupport.llm.access.BackendProperties;
import com.smartsupport.llm.access.ServiceToken;
import com.smartsupport.platform.backends.Backends;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** Reads a conversation's transcript from conversation-service (scope conversations:read). */
@Component
public class ConversationClient {
    private final WebClient http;
    private final ServiceToken token;
    private final BackendProperties properties;

    ConversationClient(Backends backends, ServiceToken token, BackendProperties properties) {
        this.http = backends.client("conversation-service").build();
        this.token = token;
        this.properties = properties;
    }

    public Mono<Transcript> transcript(String conversationId) {
        return token.get().flatMap(t -> transcript(conversationId, t));
    }

    /** The transcript as the holder of {@code bearerToken} may see it: conversation-service decides (404 if not). */
    public Mono<Transcript> transcript(String conversationId, String bearerToken) {
        return http.get()
                .uri("/api/conversations/{id}", conversationId)
                .headers(h -> h.setBearerAuth(bearerToken))
                .retrieve()
                .bodyToMono(Transcript.class)
                .timeout(properties.timeout());
    }
}
