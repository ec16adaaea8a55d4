package com.smartsupport.escalation.chat;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.smartsupport.escalation.queue.Escalation;
import com.smartsupport.escalation.queue.EscalationProperties;
import com.smartsupport.platform.backends.Backends;
import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * What an agent sees when a case is theirs: the customer's profile (account, purchases newest first,
 * preferences, subscription, support history), the transcript, and the hand-off summary (issue, what was tried,
 * sentiment, next step; written by the model, or deterministic when it is unavailable). Every part is read with
 * the agent's own token, so each service applies its own rules; a part that cannot be read is left out and named.
 */
@RestController
class HandoffPacketController {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ReactiveMongoTemplate mongo;
    private final WebClient profiles;
    private final WebClient conversations;
    private final WebClient llm;
    private final List<String> canned;

    HandoffPacketController(ReactiveMongoTemplate mongo, Backends backends, EscalationProperties escalation) {
        this.mongo = mongo;
        this.profiles = backends.client("profile-service").build();
        this.conversations = backends.client("conversation-service").build();
        this.llm = backends.client("llm-service").build();
        this.canned = escalation.cannedResponses();
    }

    /** What the case's services answered, as they answered it; {@code unavailable} names those that did not. */
    record Packet(
            @Schema(requiredMode = REQUIRED) Escalation escalation,

            @Schema(implementation = Object.class, description = "profile-service's customer profile")
            JsonNode profile,

            @Schema(implementation = Object.class, description = "conversation-service's transcript")
            JsonNode transcript,

            @Schema(implementation = Object.class, description = "llm-service's hand-off summary")
            JsonNode summary,

            List<String> unavailable) {}

    @GetMapping("/api/escalations/{id}/packet")
    Mono<Packet> packet(@PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        Caller agent = Caller.of(jwt).require(Role.AGENT);
        String token = jwt.getTokenValue();
        return mongo.findOne(
                        Query.query(Criteria.where("_id")
                                .is(id)
                                .and("agentId")
                                .is(agent.subject())
                                .and("status")
                                .in(Escalation.Status.ASSIGNED, Escalation.Status.ACCEPTED)),
                        Escalation.class)
                .switchIfEmpty(
                        Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such case among yours")))
                .flatMap(e -> Mono.zip(
                                read(profiles.get().uri("/api/profiles/{id}", e.customerId()), token),
                                read(conversations.get().uri("/api/conversations/{id}", e.conversationId()), token),
                                read(llm.post().uri("/api/llm/conversations/{id}/summary", e.conversationId()), token))
                        .map(t -> {
                            List<String> missing = new ArrayList<>();
                            if (t.getT1().isEmpty()) {
                                missing.add("profile");
                            }
                            if (t.getT2().isEmpty()) {
                                missing.add("transcript");
                            }
                            if (t.getT3().isEmpty()) {
                                missing.add("summary");
                            }
                            return new Packet(
                                    e,
                                    t.getT1().orElse(null),
                                    t.getT2().orElse(null),
                                    t.getT3().orElse(null),
                                    missing);
                        }));
    }

    /** Ready-made replies the console offers; configurable. */
    @GetMapping("/api/escalations/canned")
    List<String> canned(@AuthenticationPrincipal Jwt jwt) {
        Caller.of(jwt).require(Role.AGENT);
        return canned;
    }

    private static Mono<Optional<JsonNode>> read(WebClient.RequestHeadersSpec<?> request, String token) {
        return request.headers(h -> h.setBearerAuth(token))
                .retrieve()
                .bodyToMono(JsonNode.class)
                .timeout(TIMEOUT)
                .map(Optional::of)
                .onErrorResume(e -> Mono.just(Optional.empty()))
                .defaultIfEmpty(Optional.empty());
    }
}
