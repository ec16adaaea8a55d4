package com.smartsupport.conversation.chat;

import com.mongodb.client.result.DeleteResult;
import com.smartsupport.platform.events.AgentHandedBack;
import com.smartsupport.platform.events.AgentJoined;
import com.smartsupport.platform.events.AgentMessage;
import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.EventEnvelope;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * What other services' events change in conversations and transcripts: replies, agents joining and writing, the
 * hand-off status, closing. Every change is idempotent (events come at least once).
 */
@Service
public class ConversationUpdates {
    private final MessageRepository messages;
    private final ReactiveMongoTemplate mongo;
    private final ReplyLatency replyLatency;

    ConversationUpdates(MessageRepository messages, ReactiveMongoTemplate mongo, ReplyLatency replyLatency) {
        this.messages = messages;
        this.mongo = mongo;
        this.replyLatency = replyLatency;
    }

    /**
     * Stores a completed assistant reply once, whatever the number of deliveries: one insert (the conversation's
     * {@code updatedAt} is the last customer or agent activity; the reply follows the customer's message). Its
     * sources are kept with it, bounded ({@link Citations}); a version-1 reply has none.
     */
    public Mono<Boolean> storeReply(EventEnvelope<AssistantCompleted> event) {
        AssistantCompleted reply = event.payload();
        Message message = new Message(
                reply.replyId(),
                event.conversationId(),
                event.customerId(),
                Message.Role.assistant,
                reply.text(),
                reply.source(),
                reply.inReplyTo(),
                event.occurredAt(),
                null,
                Citations.toStored(reply.citations()));
        return messages.insert(message)
                .flatMap(saved -> replyLatency.answered(reply.inReplyTo()).thenReturn(true))
                .onErrorResume(DuplicateKeyException.class, e -> Mono.just(false));
    }

    /** An open conversation now waits for a human; idempotent, and a later state is never overwritten. */
    public Mono<Void> markWaitingForAgent(String conversationId) {
        return mongo.updateFirst(
                        Query.query(Criteria.where("_id")
                                .is(conversationId)
                                .and("status")
                                .is(Conversation.Status.OPEN)),
                        Update.update("status", Conversation.Status.WAITING_FOR_AGENT)
                                .set("updatedAt", Instant.now()),
                        Conversation.class)
                .then();
    }

    /** The case was given to an agent: from now on that agent may read the transcript. */
    public Mono<Void> assignedTo(String conversationId, String agentId) {
        return mongo.updateFirst(
                        Query.query(Criteria.where("_id").is(conversationId)),
                        Update.update("agentId", agentId),
                        Conversation.class)
                .then();
    }

    /** The agent holds the conversation now: status WITH_AGENT and a system line in the transcript, once. */
    public Mono<Void> agentJoined(String conversationId, String eventId, Instant occurredAt, AgentJoined joined) {
        Message note = systemLine(
                eventId,
                conversationId,
                (joined.agentName() == null ? "An agent" : joined.agentName()) + " joined the conversation",
                occurredAt);
        return mongo.updateFirst(
                        Query.query(Criteria.where("_id")
                                .is(conversationId)
                                .and("status")
                                .ne(Conversation.Status.CLOSED)),
                        Update.update("status", Conversation.Status.WITH_AGENT).set("updatedAt", Instant.now()),
                        Conversation.class)
                .then(insertOnce(note));
    }

    /**
     * The agent handed the conversation back to the assistant: it is open again (the assistant answers), no agent
     * holds it (the agent's access ends), the note is kept for the assistant, and the customer's transcript says
     * who answers now, once.
     */
    public Mono<Void> handedBack(String conversationId, String eventId, Instant occurredAt, AgentHandedBack back) {
        String agent = back.agentName() == null ? "The agent" : back.agentName();
        Message line = systemLine(
                eventId, conversationId, agent + " handed the conversation back to the assistant", occurredAt);
        return mongo.updateFirst(
                        Query.query(Criteria.where("_id")
                                .is(conversationId)
                                .and("status")
                                .in(Conversation.Status.WITH_AGENT, Conversation.Status.WAITING_FOR_AGENT)),
                        Update.update("status", Conversation.Status.OPEN)
                                .unset("agentId")
                                .set("handBack", new Conversation.HandBack(agent, back.note(), occurredAt))
                                .set("updatedAt", Instant.now()),
                        Conversation.class)
                .then(insertOnce(line));
    }

    /** Stores an agent's message once, whatever the number of deliveries. */
    public Mono<Void> storeAgentMessage(EventEnvelope<AgentMessage> event) {
        AgentMessage m = event.payload();
        return insertOnce(new Message(
                        m.messageId(),
                        event.conversationId(),
                        event.customerId(),
                        Message.Role.agent,
                        m.text(),
                        null,
                        null,
                        event.occurredAt(),
                        null,
                        null))
                .then(touch(event.conversationId()));
    }

    public Mono<Void> closed(String conversationId) {
        return mongo.updateFirst(
                        Query.query(Criteria.where("_id").is(conversationId)),
                        Update.update("status", Conversation.Status.CLOSED).set("updatedAt", Instant.now()),
                        Conversation.class)
                .then();
    }

    /** Deletes every conversation and message of a customer who asked to be forgotten. Idempotent. */
    public Mono<Long> erase(String customerId) {
        Query byCustomer = Query.query(Criteria.where("customerId").is(customerId));
        return mongo.remove(byCustomer, Message.class)
                .then(mongo.remove(byCustomer, Conversation.class))
                .map(DeleteResult::getDeletedCount);
    }

    /** A line of the transcript that says who answers now; its id comes from the event, so it is stored once. */
    private static Message systemLine(String eventId, String conversationId, String text, Instant at) {
        return new Message(
                "sys_" + eventId, conversationId, null, Message.Role.system, text, null, null, at, null, null);
    }

    private Mono<Void> insertOnce(Message message) {
        return messages.insert(message).then().onErrorResume(DuplicateKeyException.class, e -> Mono.empty());
    }

    private Mono<Void> touch(String conversationId) {
        return mongo.updateFirst(
                        Query.query(Criteria.where("_id").is(conversationId)),
                        Update.update("updatedAt", Instant.now()),
                        Conversation.class)
                .then();
    }
}
