package com.smartsupport.conversation.chat;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.smartsupport.conversation.actions.ActionView;
import com.smartsupport.conversation.actions.ConversationActions;
import com.smartsupport.conversation.live.LiveChannel;
import com.smartsupport.platform.events.ReplySource;
import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import com.smartsupport.platform.web.IdempotencyKeys;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The customer's conversation API; see the public API table in README.md. */
@RestController
@RequestMapping("/api/conversations")
class ConversationController {
    private final ConversationService service;
    private final LiveChannel live;
    private final ConversationActions actions;

    ConversationController(ConversationService service, LiveChannel live, ConversationActions actions) {
        this.service = service;
        this.live = live;
        this.actions = actions;
    }

    record Created(String conversationId) {}

    record Summary(
            @Schema(requiredMode = REQUIRED) String conversationId,
            @Schema(requiredMode = REQUIRED) Conversation.Status status,
            Instant createdAt,
            Instant updatedAt) {
        static Summary of(Conversation c) {
            return new Summary(c.id(), c.status(), c.createdAt(), c.updatedAt());
        }
    }

    /**
     * One message of a transcript (the customer's, the assigned agent's and llm-service's view, and the data
     * export). An assistant message always carries {@code citations} (empty when the reply had no sources); other
     * messages never do.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MessageView(
            @Schema(requiredMode = REQUIRED) String messageId,
            @Schema(requiredMode = REQUIRED) Message.Role role,
            @Schema(requiredMode = REQUIRED) String text,
            Instant time,
            ReplySource source,
            String inReplyTo,
            List<Message.Citation> citations) {
        static MessageView of(Message m) {
            List<Message.Citation> citations =
                    m.role() != Message.Role.assistant ? null : m.citations() == null ? List.of() : m.citations();
            return new MessageView(m.id(), m.role(), m.text(), m.createdAt(), m.source(), m.inReplyTo(), citations);
        }
    }

    /**
     * @param feedback     the customer's rating once given (null before), so a client offers the rating only once
     * @param contactEmail where the customer asked to be followed up, if they did
     * @param actions      the actions the assistant proposed, oldest first, with what became of them
     * @param outcome      what became of the conversation, once decided
     * @param helpful      the customer's latest answer to "Did this solve it?", if any
     * @param handBack     the note of the agent who last handed the conversation back to the assistant: for the
     *                     assistant and agents only (null in the customer's view)
     */
    record Transcript(
            @Schema(requiredMode = REQUIRED) String conversationId,
            String customerId,
            @Schema(requiredMode = REQUIRED) Conversation.Status status,
            Instant createdAt,
            Conversation.Feedback feedback,
            @Schema(requiredMode = REQUIRED) List<MessageView> messages,
            String contactEmail,
            @Schema(requiredMode = REQUIRED) List<ActionView> actions,

            @Schema(
                    requiredMode = REQUIRED,
                    types = {"object", "null"})
            Conversation.Outcome outcome,

            @Schema(
                    requiredMode = REQUIRED,
                    types = {"object", "null"})
            Conversation.Helpful helpful,

            @Schema(
                    requiredMode = REQUIRED,
                    types = {"object", "null"})
            Conversation.HandBack handBack) {
        static Transcript of(Conversation c, List<MessageView> messages, List<ActionView> actions, Caller caller) {
            return new Transcript(
                    c.id(),
                    c.customerId(),
                    c.status(),
                    c.createdAt(),
                    c.feedback(),
                    messages,
                    c.contactEmail(),
                    actions,
                    c.outcome(),
                    c.helpful(),
                    caller.is(Role.CUSTOMER) ? null : c.handBack());
        }
    }

    record Contact(@NotBlank @Email @Size(max = 320) String email) {}

    /** A customer (a guest, typically) leaves an e-mail address so that an agent can follow up. */
    @PutMapping("/{id}/contact")
    Mono<Contact> contact(@PathVariable String id, @Valid @RequestBody Contact body, @AuthenticationPrincipal Jwt jwt) {
        return service.contact(id, Caller.of(jwt), body.email()).map(c -> new Contact(c.contactEmail()));
    }

    record PostMessage(
            @NotBlank(message = "must not be blank")
            @Size(min = 1, max = 4000, message = "must be 1 to 4,000 characters")
            String text) {}

    record Accepted(String messageId) {}

    /** Why, in the customer's words, and the language they would like to be helped in (their client's). */
    record Escalate(
            @Size(max = 500) String reason,

            @Pattern(regexp = "[a-z]{2}", message = "must be a two-letter language code such as en")
            String language) {}

    @PostMapping
    Mono<ResponseEntity<Created>> start(@AuthenticationPrincipal Jwt jwt) {
        return service.start(Caller.of(jwt))
                .map(c -> ResponseEntity.created(URI.create("/api/conversations/" + c.id()))
                        .body(new Created(c.id())));
    }

    @GetMapping
    Flux<Summary> list(@AuthenticationPrincipal Jwt jwt) {
        return service.list(Caller.of(jwt)).map(Summary::of);
    }

    /** Every conversation of the caller with its transcript: part of the data export (GET /api/profiles/me/export). */
    @GetMapping("/export")
    Flux<Transcript> export(@AuthenticationPrincipal Jwt jwt) {
        Caller caller = Caller.of(jwt);
        return service.list(caller).concatMap(c -> transcriptOf(c, caller));
    }

    @GetMapping("/{id}")
    Mono<Transcript> transcript(@PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Caller.of(jwt);
        return service.readable(id, caller).flatMap(c -> transcriptOf(c, caller));
    }

    private Mono<Transcript> transcriptOf(Conversation c, Caller caller) {
        return Mono.zip(
                        service.transcript(c).map(MessageView::of).collectList(),
                        actions.of(c.id()).collectList())
                .map(t -> Transcript.of(c, t.getT1(), t.getT2(), caller));
    }

    @PostMapping("/{id}/messages")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Accepted> post(
            @PathVariable String id,
            @Valid @RequestBody PostMessage body,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @AuthenticationPrincipal Jwt jwt) {
        IdempotencyKeys.validated(idempotencyKey); // a malformed key is a 400 before anything is looked up
        return service.post(id, Caller.of(jwt), body.text(), idempotencyKey).map(m -> new Accepted(m.id()));
    }

    @PostMapping("/{id}/escalate")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Void> escalate(
            @PathVariable String id,
            @Valid @RequestBody(required = false) Escalate body,
            @AuthenticationPrincipal Jwt jwt) {
        return service.escalate(
                id, Caller.of(jwt), body == null ? null : body.reason(), body == null ? null : body.language());
    }

    record FeedbackRequest(
            @NotNull @Min(1) @Max(5) Integer rating,
            @Size(max = 1000) String comment) {}

    @PostMapping("/{id}/feedback")
    Mono<Conversation.Feedback> feedback(
            @PathVariable String id, @Valid @RequestBody FeedbackRequest body, @AuthenticationPrincipal Jwt jwt) {
        return service.rate(id, Caller.of(jwt), body.rating(), body.comment()).map(Conversation::feedback);
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> events(@PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        return service.readable(id, Caller.of(jwt)).flatMapMany(c -> live.stream(c.id(), jwt.getExpiresAt()));
    }
}
