package com.smartsupport.escalation.chat;

import com.smartsupport.escalation.queue.Assigner;
import com.smartsupport.escalation.queue.Escalation;
import com.smartsupport.platform.events.AgentHandedBack;
import com.smartsupport.platform.events.AgentJoined;
import com.smartsupport.platform.events.AgentMessage;
import com.smartsupport.platform.events.ConversationClosed;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import com.smartsupport.platform.web.IdempotencyKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The assigned agent takes the case, writes to the customer and closes it. Every action is one conditional update
 * on the case (its agent, its state), so an agent acts only on their own cases — anyone else's answers 404 — and
 * a double click cannot accept or close twice.
 */
@RestController
@RequestMapping("/api/escalations/{id}")
class LiveChatController {
    private final ReactiveMongoTemplate mongo;
    private final EventPublisher events;
    private final Assigner assigner;

    LiveChatController(ReactiveMongoTemplate mongo, EventPublisher events, Assigner assigner) {
        this.mongo = mongo;
        this.events = events;
        this.assigner = assigner;
    }

    record MessageRequest(@NotBlank @Size(max = 4000) String text) {}

    record Accepted(String messageId) {}

    record CloseRequest(@NotBlank @Size(max = 1000) String resolution) {}

    /** @param note for the assistant (the customer never sees it): what was done, what is left */
    record HandBackRequest(@NotBlank @Size(max = 1000) String note) {}

    @PostMapping("/accept")
    Mono<Escalation> accept(@PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        Caller agent = Caller.of(jwt).require(Role.AGENT);
        return transition(
                        id,
                        agent,
                        List.of(Escalation.Status.ASSIGNED),
                        Update.update("status", Escalation.Status.ACCEPTED).set("acceptedAt", Instant.now()))
                .flatMap(e -> events.publish(
                                Topics.HANDOFF_AGENT_MESSAGES,
                                EventEnvelope.of(
                                        e.conversationId(),
                                        e.customerId(),
                                        new AgentJoined(e.id(), agent.subject(), agent.name())))
                        .thenReturn(e));
    }

    @PostMapping("/messages")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Accepted> message(
            @PathVariable String id,
            @Valid @RequestBody MessageRequest request,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @AuthenticationPrincipal Jwt jwt) {
        Caller agent = Caller.of(jwt).require(Role.AGENT);
        // with a key, a retry names the same message: conversation-service stores it once and the customer's
        // stream shows it once
        String messageId = IdempotencyKeys.idFor("amsg_", idempotencyKey, id, agent.subject());
        return held(id, agent, List.of(Escalation.Status.ACCEPTED))
                .flatMap(e -> events.publish(
                        Topics.HANDOFF_AGENT_MESSAGES,
                        EventEnvelope.withId(
                                messageId,
                                e.conversationId(),
                                e.customerId(),
                                new AgentMessage(messageId, e.id(), agent.subject(), agent.name(), request.text()))))
                .thenReturn(new Accepted(messageId));
    }

    @PostMapping("/close")
    Mono<Escalation> close(
            @PathVariable String id, @Valid @RequestBody CloseRequest request, @AuthenticationPrincipal Jwt jwt) {
        Caller agent = Caller.of(jwt).require(Role.AGENT);
        return transition(
                        id,
                        agent,
                        List.of(Escalation.Status.ASSIGNED, Escalation.Status.ACCEPTED),
                        Update.update("status", Escalation.Status.CLOSED)
                                .set("closedAt", Instant.now())
                                .set("resolution", request.resolution()))
                .flatMap(e -> assigner.releaseAndAssign(agent.subject())
                        .then(events.publish(
                                Topics.CONVERSATION_CLOSED,
                                EventEnvelope.of(
                                        e.conversationId(),
                                        e.customerId(),
                                        new ConversationClosed(
                                                e.detail() != null ? e.detail() : e.reason(),
                                                request.resolution(),
                                                agent.subject(),
                                                null))))
                        .thenReturn(e));
    }

    /**
     * The agent hands the conversation back to the assistant with a note: the case ends for them (their slot is
     * free), the assistant answers again with the note in its prompt, and the customer sees who answers.
     */
    @PostMapping("/hand-back")
    Mono<Escalation> handBack(
            @PathVariable String id, @Valid @RequestBody HandBackRequest request, @AuthenticationPrincipal Jwt jwt) {
        Caller agent = Caller.of(jwt).require(Role.AGENT);
        return transition(
                        id,
                        agent,
                        List.of(Escalation.Status.ACCEPTED),
                        Update.update("status", Escalation.Status.HANDED_BACK)
                                .set("closedAt", Instant.now())
                                .set("resolution", "Handed back to the assistant: " + request.note()))
                .flatMap(e -> assigner.releaseAndAssign(agent.subject())
                        .then(events.publish(
                                Topics.HANDOFF_AGENT_MESSAGES,
                                EventEnvelope.of(
                                        e.conversationId(),
                                        e.customerId(),
                                        new AgentHandedBack(e.id(), agent.subject(), agent.name(), request.note()))))
                        .thenReturn(e));
    }

    private Mono<Escalation> held(String id, Caller agent, Collection<Escalation.Status> states) {
        return mongo.findOne(mine(id, agent, states), Escalation.class).switchIfEmpty(Mono.error(notYours()));
    }

    private Mono<Escalation> transition(String id, Caller agent, Collection<Escalation.Status> from, Update update) {
        return mongo.findAndModify(
                        mine(id, agent, from),
                        update,
                        FindAndModifyOptions.options().returnNew(true),
                        Escalation.class)
                .switchIfEmpty(Mono.defer(() -> mongo.findOne(
                                Query.query(Criteria.where("_id")
                                        .is(id)
                                        .and("agentId")
                                        .is(agent.subject())),
                                Escalation.class)
                        .flatMap(e -> Mono.<Escalation>error(new ResponseStatusException(
                                HttpStatus.CONFLICT,
                                "This case is " + e.status().name().toLowerCase())))
                        .switchIfEmpty(Mono.error(notYours()))));
    }

    private static Query mine(String id, Caller agent, Collection<Escalation.Status> states) {
        return Query.query(Criteria.where("_id")
                .is(id)
                .and("agentId")
                .is(agent.subject())
                .and("status")
                .in(states));
    }

    private static ResponseStatusException notYours() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such case among yours");
    }
}
