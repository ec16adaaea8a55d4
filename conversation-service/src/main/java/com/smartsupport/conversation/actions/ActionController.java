package com.smartsupport.conversation.actions;

import com.smartsupport.platform.security.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The customer's answer to an action the assistant proposed. Confirming carries it out with the customer's own
 * token and answers once it has completed or failed.
 */
@RestController
@RequestMapping("/api/conversations/{conversationId}/actions/{actionId}")
class ActionController {
    private final ConversationActions actions;

    ActionController(ConversationActions actions) {
        this.actions = actions;
    }

    @PostMapping("/confirm")
    Mono<ActionView> confirm(
            @PathVariable String conversationId, @PathVariable String actionId, @AuthenticationPrincipal Jwt jwt) {
        return actions.confirm(conversationId, actionId, Caller.of(jwt), jwt.getTokenValue());
    }

    @PostMapping("/decline")
    Mono<ActionView> decline(
            @PathVariable String conversationId, @PathVariable String actionId, @AuthenticationPrincipal Jwt jwt) {
        return actions.decline(conversationId, actionId, Caller.of(jwt));
    }
}
