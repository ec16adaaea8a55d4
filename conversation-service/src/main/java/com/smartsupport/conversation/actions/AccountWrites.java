package com.smartsupport.conversation.actions;

import com.smartsupport.platform.backends.Backends;
import com.smartsupport.platform.web.IdempotencyKeys;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Carries out a confirmed action at profile-service with the confirming customer's own token (never a service
 * credential: what the customer may not do themselves, the assistant cannot do for them), with the action id as
 * the {@code Idempotency-Key}, so a repeated request changes nothing twice. Never fails: the outcome says whether
 * it was done and, in a sentence for the customer, what happened.
 */
@Component
class AccountWrites {
    private static final Logger log = LoggerFactory.getLogger(AccountWrites.class);
    static final String UNAVAILABLE = "The shop's account service did not answer, so this may not have been done."
            + " Please try again later, or talk to a person.";

    record Outcome(boolean done, String text) {}

    private final WebClient http;
    private final ActionProperties properties;

    AccountWrites(Backends backends, ActionProperties properties) {
        this.http = backends.client("profile-service").build();
        this.properties = properties;
    }

    Mono<Outcome> perform(Action action, String customerToken) {
        AccountWrite write = AccountWrite.of(action.kind()).orElse(null);
        if (write == null) {
            return Mono.just(new Outcome(false, "This kind of action is not supported."));
        }
        Map<String, Object> body = write.body(action.arguments());
        return http.method(write.method)
                .uri(write.path, Map.of("orderId", action.orderId() == null ? "" : action.orderId()))
                .headers(h -> {
                    h.setBearerAuth(customerToken);
                    h.set(IdempotencyKeys.HEADER, action.id());
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .retrieve()
                .bodyToMono(JsonNode.class)
                .timeout(properties.writeTimeout())
                .map(answer -> new Outcome(true, write.done(action, answer)))
                .onErrorResume(WebClientResponseException.class, e -> Mono.just(refused(action, e)))
                .onErrorResume(e -> {
                    log.warn("action {} ({}) could not be carried out: {}", action.id(), action.kind(), e.toString());
                    return Mono.just(new Outcome(false, UNAVAILABLE));
                });
    }

    /** A 4xx names the reason (not eligible any more, already cancelled, …); a 5xx is the service's fault. */
    private static Outcome refused(Action action, WebClientResponseException e) {
        log.info("action {} ({}) refused: {} {}", action.id(), action.kind(), e.getStatusCode(), e.getMessage());
        if (e.getStatusCode().is5xxServerError()) {
            return new Outcome(false, UNAVAILABLE);
        }
        JsonNode problem = null;
        try {
            problem = e.getResponseBodyAs(JsonNode.class);
        } catch (RuntimeException ignored) {
            // not JSON: the generic sentence below
        }
        return new Outcome(
                false,
                AccountWrite.text(problem, "detail")
                        .map(d -> d.endsWith(".") ? d : d + ".")
                        .orElse("The shop's account service refused this, so nothing was changed."));
    }
}
