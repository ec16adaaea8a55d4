package com.smartsupport.conversation.outcomes;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.smartsupport.conversation.chat.Conversation;
import com.smartsupport.platform.security.Caller;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The customer's answer to "Did this solve it?" after one of the assistant's replies. */
@RestController
class OutcomeController {
    private final ConversationOutcomes outcomes;

    OutcomeController(ConversationOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    record Answer(
            @NotBlank @Size(max = 128) String replyId,
            @NotNull Boolean solved) {}

    /**
     * @param outcome what became of the conversation (set when the answer was yes)
     * @param helpful the answer as stored
     */
    record Answered(
            @Schema(
                    requiredMode = REQUIRED,
                    types = {"object", "null"})
            Conversation.Outcome outcome,

            @Schema(requiredMode = REQUIRED) Conversation.Helpful helpful) {}

    @PostMapping("/api/conversations/{id}/resolution")
    Mono<Answered> answer(@PathVariable String id, @Valid @RequestBody Answer body, @AuthenticationPrincipal Jwt jwt) {
        return outcomes.answer(id, Caller.of(jwt), body.replyId(), body.solved())
                .map(c -> new Answered(c.outcome(), c.helpful()));
    }
}
