package com.smartsupport.conversation.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.smartsupport.conversation.chat.Conversation;
import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.ConversationClosed;
import com.smartsupport.platform.events.ConversationOutcome;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.EventPayload;
import com.smartsupport.platform.events.HandoffRequested;
import com.smartsupport.platform.events.ReplySource;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.testsupport.KafkaProbe;
import com.smartsupport.platform.testsupport.TestTokens;
import com.smartsupport.platform.testsupport.UsesEmbeddedInfra;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Each conversation's outcome: the customer's "yes, it solved it" (confirmed), an agent closing it, or, after the
 * idle time, what the last state says (resolved, assumed; abandoned while waiting; unresolved); a customer writing
 * again reopens it. Published, counted, and shown in the transcript.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
class OutcomesFlowTest implements UsesEmbeddedInfra {
    @Autowired
    WebTestClient web;

    @Autowired
    EventPublisher events;

    @Autowired
    EventCodec codec;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Autowired
    ConversationOutcomes outcomes;

    @Autowired
    MeterRegistry meters;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    final String carlosId = "cus_" + UUID.randomUUID();
    final String carlos = TestTokens.customer(carlosId);

    @Test
    void aCustomerWhoSaysItSolvedItResolvesTheConversationAndMayRateIt() {
        String conversation = start();
        String reply = answered(conversation, "Your headphones arrive on Friday.");
        double before = outcomes("RESOLVED_BY_ASSISTANT", "CONFIRMED");

        web.post()
                .uri("/api/conversations/{id}/resolution", conversation)
                .headers(h -> h.setBearerAuth(carlos))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("replyId", reply, "solved", true))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.outcome.kind")
                .isEqualTo("RESOLVED_BY_ASSISTANT")
                .jsonPath("$.outcome.basis")
                .isEqualTo("CONFIRMED")
                .jsonPath("$.helpful.solved")
                .isEqualTo(true);

        transcript(conversation).jsonPath("$.outcome.kind").isEqualTo("RESOLVED_BY_ASSISTANT");
        assertThat(outcomes("RESOLVED_BY_ASSISTANT", "CONFIRMED")).isEqualTo(before + 1);
        ConversationOutcome published = outcomeEvent(conversation, ConversationOutcome.TYPE);
        assertThat(published.outcome()).isEqualTo("RESOLVED_BY_ASSISTANT");
        // resolved: the customer may rate it now, counted as the assistant's
        web.post()
                .uri("/api/conversations/{id}/feedback", conversation)
                .headers(h -> h.setBearerAuth(carlos))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("rating", 5))
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(meters.find("smart.csat.ratings")
                        .tag("resolved_by", "assistant")
                        .tag("rating", "5")
                        .counter())
                .isNotNull();
    }

    @Test
    void anAnswerIsOnlyForTheCustomersOwnConversationAndAnAssistantReply() {
        String conversation = start();
        String reply = answered(conversation, "Here is how.");
        String customerMessage = post(conversation, "And another thing");

        answer(carlos, conversation, customerMessage, true, 404);
        answer(carlos, conversation, "rep_unknown", true, 404);
        answer(TestTokens.customer("cus_" + UUID.randomUUID()), conversation, reply, true, 404);
        answer(TestTokens.agent("agt_1"), conversation, reply, true, 403);
        web.post()
                .uri("/api/conversations/{id}/resolution", conversation)
                .headers(h -> h.setBearerAuth(carlos))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("replyId", reply))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        transcript(conversation).jsonPath("$.outcome").isEmpty();
    }

    @Test
    void idleConversationsGetTheOutcomeTheirLastStateSays() {
        // the assistant answered last: resolved, assumed
        String answered = start();
        answered(answered, "Restart it while holding the button.");
        // the customer said it did not help: unresolved
        String notSolved = start();
        String reply = answered(notSolved, "Try turning it off and on.");
        answer(carlos, notSolved, reply, false, 200);
        // handed to a person who never came: abandoned, with the reason
        String waiting = start();
        answered(waiting, "Let me get a person.");
        publish(waiting, new HandoffRequested("sentiment", "message scores 6"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> status(waiting) == Conversation.Status.WAITING_FOR_AGENT
                        && "sentiment".equals(conversation(waiting).handoffReason()));
        double abandoned = outcomes("ESCALATED_ABANDONED", "ASSUMED");
        // opened and never written in: no outcome, and marked so that later sweeps leave it out
        String empty = start();
        // asked for a person at once, before writing anything, and nobody came: abandoned all the same
        String waitedSilently = start();
        publish(waitedSilently, new HandoffRequested("customer_request", null));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> status(waitedSilently) == Conversation.Status.WAITING_FOR_AGENT);
        idleFor(answered, notSolved, waiting, empty, waitedSilently);

        outcomes.sweep(Instant.now()).block(Duration.ofSeconds(20));

        assertThat(conversation(answered).outcome().kind()).isEqualTo(Conversation.Outcome.Kind.RESOLVED_BY_ASSISTANT);
        assertThat(conversation(answered).outcome().basis()).isEqualTo(Conversation.Outcome.Basis.ASSUMED);
        assertThat(conversation(notSolved).outcome().kind()).isEqualTo(Conversation.Outcome.Kind.UNRESOLVED);
        assertThat(conversation(notSolved).outcome().basis()).isEqualTo(Conversation.Outcome.Basis.CONFIRMED);
        assertThat(conversation(empty).outcome()).isNull();
        assertThat(conversation(waitedSilently).outcome().kind())
                .isEqualTo(Conversation.Outcome.Kind.ESCALATED_ABANDONED);
        assertThat(mongo.exists(
                                Query.query(Criteria.where("_id")
                                        .is(empty)
                                        .and(Conversation.NEVER_WRITTEN)
                                        .is(true)),
                                Conversation.class)
                        .block())
                .isTrue();
        assertThat(conversation(waiting).outcome().kind()).isEqualTo(Conversation.Outcome.Kind.ESCALATED_ABANDONED);
        assertThat(meters.find("smart.conversation.outcomes")
                        .tag("outcome", "ESCALATED_ABANDONED")
                        .tag("reason", "sentiment")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
        assertThat(outcomes("ESCALATED_ABANDONED", "ASSUMED")).isGreaterThan(abandoned);
        // decided once: a second sweep changes nothing
        Instant decidedAt = conversation(answered).outcome().decidedAt();
        outcomes.sweep(Instant.now()).block(Duration.ofSeconds(20));
        assertThat(conversation(answered).outcome().decidedAt()).isEqualTo(decidedAt);
        // the customer writes in the empty one after all: the mark goes, and it is swept like any other
        post(empty, "Hello?");
        assertThat(mongo.exists(
                                Query.query(Criteria.where("_id")
                                        .is(empty)
                                        .and(Conversation.NEVER_WRITTEN)
                                        .is(true)),
                                Conversation.class)
                        .block())
                .isFalse();
    }

    @Test
    void aConversationAnAgentClosedWasResolvedByTheAgent() {
        String conversation = start();
        publish(conversation, new ConversationClosed("Flickering monitor", "Replacement sent", "agt_1", null));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> conversation(conversation).outcome() != null);
        assertThat(conversation(conversation).outcome().kind()).isEqualTo(Conversation.Outcome.Kind.RESOLVED_BY_AGENT);
    }

    @Test
    void aCustomerWhoComesBackReopensTheConversation() {
        String conversation = start();
        String reply = answered(conversation, "Done.");
        answer(carlos, conversation, reply, true, 200);
        double reopened = counter("smart.conversation.reopened", "outcome", "RESOLVED_BY_ASSISTANT");

        // a thank-you ends the conversation politely: the outcome stands
        post(conversation, "Great, thank you!");
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> conversation(conversation).outcome() != null);

        post(conversation, "Actually it stopped working again");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> conversation(conversation).outcome() == null);
        assertThat(counter("smart.conversation.reopened", "outcome", "RESOLVED_BY_ASSISTANT"))
                .isEqualTo(reopened + 1);
        assertThat(outcomeEvent(conversation, ConversationOutcome.REOPENED).outcome())
                .isEqualTo("RESOLVED_BY_ASSISTANT");
    }

    // --- helpers

    String start() {
        return web.post()
                .uri("/api/conversations")
                .headers(h -> h.setBearerAuth(carlos))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("conversationId")
                .toString();
    }

    String post(String conversation, String text) {
        return web.post()
                .uri("/api/conversations/{id}/messages", conversation)
                .headers(h -> h.setBearerAuth(carlos))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", text))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("messageId")
                .toString();
    }

    /** The customer asks, the assistant's reply is stored; returns the reply id. */
    String answered(String conversation, String text) {
        String messageId = post(conversation, "A question");
        String replyId = "rep_" + messageId;
        publish(conversation, new AssistantCompleted(replyId, messageId, text, ReplySource.LLM, null));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> mongo.exists(Query.query(Criteria.where("_id").is(replyId)), "messages")
                        .block());
        return replyId;
    }

    void answer(String token, String conversation, String replyId, boolean solved, int status) {
        web.post()
                .uri("/api/conversations/{id}/resolution", conversation)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("replyId", replyId, "solved", solved))
                .exchange()
                .expectStatus()
                .isEqualTo(status);
    }

    WebTestClient.BodyContentSpec transcript(String conversation) {
        return web.get()
                .uri("/api/conversations/{id}", conversation)
                .headers(h -> h.setBearerAuth(carlos))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
    }

    void publish(String conversation, EventPayload payload) {
        String topic = switch (payload) {
            case AssistantCompleted a -> Topics.ASSISTANT_REPLIES;
            case HandoffRequested h -> Topics.HANDOFF_REQUESTS;
            case ConversationClosed c -> Topics.CONVERSATION_CLOSED;
            default -> throw new IllegalArgumentException(payload.toString());
        };
        events.publish(topic, EventEnvelope.of(conversation, carlosId, payload)).block(Duration.ofSeconds(10));
    }

    /** Makes these conversations look untouched for an hour (the idle time is 30 minutes). */
    void idleFor(String... conversations) {
        mongo.updateMulti(
                        Query.query(Criteria.where("_id").in((Object[]) conversations)),
                        Update.update("updatedAt", Instant.now().minus(Duration.ofHours(1))),
                        Conversation.class)
                .block(Duration.ofSeconds(10));
    }

    Conversation conversation(String id) {
        return mongo.findById(id, Conversation.class).block(Duration.ofSeconds(10));
    }

    Conversation.Status status(String id) {
        return conversation(id).status();
    }

    double outcomes(String outcome, String basis) {
        return meters
                .find("smart.conversation.outcomes")
                .tag("outcome", outcome)
                .tag("basis", basis)
                .counters()
                .stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    double counter(String name, String tag, String value) {
        Counter c = meters.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    ConversationOutcome outcomeEvent(String conversation, String type) {
        return codec.decode(
                        KafkaProbe.awaitRecord(
                                        bootstrap,
                                        Topics.CONVERSATION_OUTCOMES,
                                        r -> conversation.equals(r.key())
                                                && r.value().contains("\"" + type + "\""))
                                .value(),
                        ConversationOutcome.class)
                .payload();
    }
}
