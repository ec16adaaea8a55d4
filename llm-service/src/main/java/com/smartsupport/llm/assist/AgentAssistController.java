package com.smartsupport.llm.assist;

import com.smartsupport.llm.conversation.ConversationClient;
import com.smartsupport.llm.conversation.Transcript;
import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.profile.ProfileCache;
import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * For the agent holding a case: the hand-off summary and a draft reply. The transcript is read with the agent's
 * own token, so conversation-service decides whether this agent may see it (only the agent it was assigned to).
 */
@RestController
@RequestMapping("/api/llm/conversations/{id}")
class AgentAssistController {
    private final AgentAssist assist;
    private final ConversationClient conversations;
    private final ProfileCache profiles;

    AgentAssistController(AgentAssist assist, ConversationClient conversations, ProfileCache profiles) {
        this.assist = assist;
        this.conversations = conversations;
        this.profiles = profiles;
    }

    @PostMapping("/summary")
    Mono<AgentAssist.Summary> summary(@PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        Caller.of(jwt).require(Role.AGENT);
        return context(id, jwt).flatMap(c -> assist.summarise(c.profile(), c.transcript()));
    }

    @PostMapping("/suggested-reply")
    Mono<AgentAssist.Draft> suggestedReply(@PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        Caller.of(jwt).require(Role.AGENT);
        return context(id, jwt).flatMap(c -> assist.draft(c.profile(), c.transcript()));
    }

    record Context(CustomerProfile profile, Transcript transcript) {}

    private Mono<Context> context(String id, Jwt jwt) {
        return conversations
                .transcript(id, jwt.getTokenValue())
                .onErrorMap(
                        WebClientResponseException.NotFound.class,
                        e -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such case among yours"))
                .onErrorMap(
                        e -> !(e instanceof ResponseStatusException),
                        e -> new ResponseStatusException(
                                HttpStatus.SERVICE_UNAVAILABLE, "The conversation cannot be read right now", e))
                .flatMap(t -> (t.customerId() == null
                                ? Mono.just(Optional.<CustomerProfile>empty())
                                : profiles.get(t.customerId()).onErrorReturn(Optional.empty()))
                        .map(p -> new Context(p.orElse(null), t)));
    }
}
