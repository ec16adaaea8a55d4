package com.smartsupport.conversation;

import static com.smartsupport.platform.testsupport.AuthMatrix.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import com.smartsupport.conversation.chat.Message;
import com.smartsupport.conversation.live.LiveChannel;
import com.smartsupport.platform.events.ActionEvent;
import com.smartsupport.platform.events.AgentHandedBack;
import com.smartsupport.platform.events.AgentJoined;
import com.smartsupport.platform.events.AgentMessage;
import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.AssistantDelta;
import com.smartsupport.platform.events.ConversationClosed;
import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.EventPayload;
import com.smartsupport.platform.events.HandoffAssigned;
import com.smartsupport.platform.events.HandoffQueued;
import com.smartsupport.platform.events.HandoffRequested;
import com.smartsupport.platform.events.ReplySource;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.testsupport.AuthMatrix;
import com.smartsupport.platform.testsupport.AuthMatrix.Who;
import com.smartsupport.platform.testsupport.KafkaProbe;
import com.smartsupport.platform.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The conversation-service contract, run against real Kafka and a MongoDB-wire server: embedded ones here
 * ({@link ConversationFlowEmbeddedTest}), real container images where Docker exists
 * ({@link ConversationFlowContainersTest}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
abstract class ConversationFlowContract {
    static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {};

    @Autowired
    WebTestClient web;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    MeterRegistry meters;

    @Autowired
    EventPublisher events;

    @Autowired
    EventCodec codec;

    @Autowired
    LiveChannel live;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    final String carlosId = "cus_" + UUID.randomUUID();
    final String carlos = TestTokens.customer(carlosId);
    final String amira = TestTokens.customer("cus_" + UUID.randomUUID());

    @BeforeEach
    void deliveryConsumerIsAssigned() {
        MessageListenerContainer delivery = listeners.getListenerContainer("live-delivery");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> delivery != null
                        && delivery.getAssignedPartitions() != null
                        && !delivery.getAssignedPartitions().isEmpty());
    }

    String start(String token) {
        return web.post()
                .uri("/api/conversations")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueMatches("Location", "/api/conversations/conv_.+")
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("conversationId")
                .toString();
    }

    String post(String token, String conversationId, String text) {
        return web.post()
                .uri("/api/conversations/{id}/messages", conversationId)
                .headers(h -> h.setBearerAuth(token))
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

    @Test
    void acknowledgedMessagesAreMarkedPublishedSoTheRelayLeavesThemAlone() {
        String conversationId = start(carlos);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(post(carlos, conversationId, "Marked in a batch " + i));
        }
        var marked = Query.query(Criteria.where("_id").in(ids).and("published").is(true));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> mongo.count(marked, Message.class).block() == ids.size());
        // each went to the broker once, in order
        List<String> events = KafkaProbe.awaitRecords(
                        bootstrap,
                        Topics.CUSTOMER_MESSAGES,
                        r -> conversationId.equals(r.key()),
                        r -> r.value().contains(ids.get(4)))
                .stream()
                .map(r -> codec.decode(r.value(), CustomerMessagePosted.class).eventId())
                .toList();
        assertThat(events).containsExactlyElementsOf(ids);
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicAndThePartitionKeepsFlowing() throws Exception {
        String conversationId = start(carlos);
        String messageId = post(carlos, conversationId, "Does the partition keep flowing?");
        String poison = "{\"this is\": not an event " + UUID.randomUUID() + "}";
        double before = deadLetters(Topics.ASSISTANT_REPLIES);
        kafka.send(Topics.ASSISTANT_REPLIES, conversationId, poison).get(10, TimeUnit.SECONDS);
        String replyId = "rep_" + messageId;
        publish(
                conversationId,
                new AssistantCompleted(
                        replyId,
                        messageId,
                        "After the poison.",
                        ReplySource.FALLBACK,
                        AssistantCompleted.TokenUsage.NONE));

        // the next event for the same conversation (same key, same partition) is processed
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> web.get()
                        .uri("/api/conversations/{id}", conversationId)
                        .headers(h -> h.setBearerAuth(carlos))
                        .exchange()
                        .expectBody()
                        .jsonPath("$.messages[1].text")
                        .isEqualTo("After the poison."));
        // the poison event waits, unchanged and keyed as before, in the dead-letter topic, and operators see it
        var dead = awaitRecord(Topics.ASSISTANT_REPLIES + Topics.DEAD_LETTER_SUFFIX, r -> poison.equals(r.value()));
        assertThat(dead.key()).isEqualTo(conversationId);
        assertThat(dead.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters(Topics.ASSISTANT_REPLIES) >= before + 1);
    }

    double deadLetters(String topic) {
        var counter =
                meters.find("smart.kafka.dead.letters").tag("topic", topic).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theLiveStreamEndsWhenTheCallersTokenExpires() {
        String conversationId = start(carlos);
        String shortLived = TestTokens.token(carlosId, "CUSTOMER", Duration.ofSeconds(3));
        long started = System.nanoTime();
        List<ServerSentEvent<String>> events = web.get()
                .uri("/api/conversations/{id}/events", conversationId)
                .headers(h -> h.setBearerAuth(shortLived))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody()
                .filter(e -> e.event() != null)
                .collectList()
                .block(Duration.ofSeconds(20));
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertThat(events).extracting(ServerSentEvent::event).containsExactly("session.expired");
        assertThat(seconds).as("closed at the token's expiry, not before").isBetween(1L, 10L);
        // reconnecting with the expired token (still inside the validator's clock-skew allowance) gets nothing
        // but the same notice, at once
        List<ServerSentEvent<String>> again = web.get()
                .uri("/api/conversations/{id}/events", conversationId)
                .headers(h -> h.setBearerAuth(shortLived))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .returnResult(SSE)
                .getResponseBody()
                .collectList()
                .block(Duration.ofSeconds(5));
        assertThat(again).extracting(ServerSentEvent::event).containsExactly("session.expired");
    }

    @Test
    void aPostedMessageIsStoredThenPublishedAsAVersionedEventKeyedByConversation() {
        String conversationId = start(carlos);
        String messageId = post(carlos, conversationId, "Where is my order?");

        ConsumerRecord<String, String> record =
                awaitRecord(Topics.CUSTOMER_MESSAGES, r -> conversationId.equals(r.key()));
        EventEnvelope<CustomerMessagePosted> event = codec.decode(record.value(), CustomerMessagePosted.class);
        assertThat(event.type()).isEqualTo("customer.message");
        assertThat(event.version()).isEqualTo(1);
        assertThat(event.eventId()).isEqualTo(messageId);
        assertThat(event.customerId()).isEqualTo(carlosId);
        assertThat(event.payload()).isEqualTo(new CustomerMessagePosted(messageId, "Where is my order?"));

        web.get()
                .uri("/api/conversations/{id}", conversationId)
                .headers(h -> h.setBearerAuth(carlos))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.messages[0].messageId")
                .isEqualTo(messageId)
                .jsonPath("$.messages[0].role")
                .isEqualTo("customer")
                .jsonPath("$.messages[0].text")
                .isEqualTo("Where is my order?");
        web.get()
                .uri("/api/conversations")
                .headers(h -> h.setBearerAuth(carlos))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].conversationId")
                .isEqualTo(conversationId);
    }

    @Test
    void aRetriedMessageWithTheSameIdempotencyKeyIsStoredAndPublishedOnce() {
        String conversationId = start(carlos);
        String key = "client-" + UUID.randomUUID();
        String first = postWithKey(carlos, conversationId, "My order never came", key)
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("messageId")
                .toString();
        String retried = postWithKey(carlos, conversationId, "My order never came", key)
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("messageId")
                .toString();
        assertThat(retried).isEqualTo(first);
        postWithKey(carlos, conversationId, "Something else", key)
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        postWithKey(carlos, conversationId, "Bad key", "../../x")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        String second = post(carlos, conversationId, "And a second question");

        web.get()
                .uri("/api/conversations/{id}", conversationId)
                .headers(h -> h.setBearerAuth(carlos))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.messages.length()")
                .isEqualTo(2)
                .jsonPath("$.messages[0].messageId")
                .isEqualTo(first)
                .jsonPath("$.messages[1].messageId")
                .isEqualTo(second);
        // one event for the message, whatever the number of posts, and in the order of the messages
        List<String> ids = KafkaProbe.awaitRecords(
                        bootstrap,
                        Topics.CUSTOMER_MESSAGES,
                        r -> conversationId.equals(r.key()),
                        r -> r.value().contains(second))
                .stream()
                .map(r -> codec.decode(r.value(), CustomerMessagePosted.class).eventId())
                .toList();
        assertThat(ids).containsExactly(first, second);
    }

    WebTestClient.ResponseSpec postWithKey(String token, String conversationId, String text, String key) {
        return web.post()
                .uri("/api/conversations/{id}/messages", conversationId)
                .headers(h -> h.setBearerAuth(token))
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", text))
                .exchange();
    }

    @Test
    void replyChunksStreamToTheOwnersSseInOrderAndARedeliveredReplyIsStoredOnce() {
        String conversationId = start(carlos);
        String messageId = post(carlos, conversationId, "Is my laptop under warranty?");
        List<ServerSentEvent<String>> received = Collections.synchronizedList(new ArrayList<>());
        Disposable stream = openStream(carlos, conversationId, received);
        try {
            String replyId = "rep_" + messageId;
            publish(conversationId, new AssistantDelta(replyId, messageId, 0, 0, "Yes, "));
            publish(conversationId, new AssistantDelta(replyId, messageId, 1, 5, "until"));
            // llm-service crashed and answers again, its chunks cut at other places (what arrived within 50 ms)
            publish(conversationId, new AssistantDelta(replyId, messageId, 0, 0, "Yes, unt"));
            publish(conversationId, new AssistantDelta(replyId, messageId, 1, 8, "il 2028."));
            var completed = new AssistantCompleted(
                    replyId, messageId, "Yes, until 2028.", ReplySource.FALLBACK, AssistantCompleted.TokenUsage.NONE);
            publish(conversationId, completed);
            publish(conversationId, completed); // a redelivery
            publish(conversationId, new AssistantDelta("rep_marker", "msg_marker", 0, 0, "marker"));

            // the marker comes after the redelivered events on the same partition: once it is here, they are too
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> named(received, "assistant.delta").stream()
                            .anyMatch(e -> e.data().contains("marker")));
            List<String> names = received.stream()
                    .map(ServerSentEvent::event)
                    .filter(n -> n != null)
                    .toList();
            assertThat(names)
                    .containsExactly(
                            "assistant.delta",
                            "assistant.delta",
                            "assistant.delta",
                            "assistant.completed",
                            "assistant.delta");
            assertThat(named(received, "assistant.completed"))
                    .as("the redelivered completion is shown once")
                    .hasSize(1);
            List<ServerSentEvent<String>> deltas = named(received, "assistant.delta");
            assertThat(deltas.get(0).data()).contains("\"seq\":0", "\"text\":\"Yes, \"");
            assertThat(deltas.get(1).data()).contains("\"seq\":1", "\"text\":\"until\"");
            assertThat(deltas.get(2).data())
                    .as("only what was not shown, numbered after what was")
                    .contains("\"seq\":2", "\"offset\":10", "\"text\":\" 2028.\"");

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> web.get()
                            .uri("/api/conversations/{id}", conversationId)
                            .headers(h -> h.setBearerAuth(carlos))
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectBody()
                            .jsonPath("$.messages.length()")
                            .isEqualTo(2)
                            .jsonPath("$.messages[1].role")
                            .isEqualTo("assistant")
                            .jsonPath("$.messages[1].text")
                            .isEqualTo("Yes, until 2028.")
                            .jsonPath("$.messages[1].source")
                            .isEqualTo("fallback")
                            .jsonPath("$.messages[1].inReplyTo")
                            .isEqualTo(messageId));
        } finally {
            stream.dispose();
        }
    }

    @Test
    void aReplyWithSourcesReachesTheCustomersStreamWithThemAndTheTranscriptKeepsThemOnce() {
        String conversationId = start(carlos);
        String messageId = post(carlos, conversationId, "How do I reset my router?");
        List<ServerSentEvent<String>> received = Collections.synchronizedList(new ArrayList<>());
        Disposable stream = openStream(carlos, conversationId, received);
        try {
            String replyId = "rep_" + messageId;
            var completed = new AssistantCompleted(
                    replyId,
                    messageId,
                    "Hold the reset button for 10 s [1], then " + "wait for the light [2].",
                    ReplySource.LLM,
                    new AssistantCompleted.TokenUsage(400, 20),
                    List.of(
                            new AssistantCompleted.Citation(
                                    1,
                                    "kb_router-reset",
                                    "Resetting your router",
                                    "Hold the reset button for 10 seconds."),
                            new AssistantCompleted.Citation(
                                    2,
                                    "kb_router-lights",
                                    "What the lights mean",
                                    "A steady green light means the router is ready.")));
            publish(conversationId, completed);
            publish(conversationId, completed); // a redelivery
            // (a marker of its own: the live channel shows each reply id's chunk once per instance)
            String marker = "rep_marker_" + conversationId;
            publish(conversationId, new AssistantDelta(marker, "msg_marker", 0, 0, "marker"));

            // the marker follows the redelivery on the same partition: once it is here, so is everything before
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> named(received, "assistant.delta").stream()
                            .anyMatch(e -> e.data().contains(marker)));
            assertThat(named(received, "assistant.completed"))
                    .as("the redelivered completion is shown once")
                    .hasSize(1);
            var shown = codec.payload(
                    new EventEnvelope<>(
                            "x",
                            AssistantCompleted.TYPE,
                            2,
                            Instant.now(),
                            conversationId,
                            carlosId,
                            JsonMapper.shared()
                                    .readTree(named(received, "assistant.completed")
                                            .get(0)
                                            .data())),
                    AssistantCompleted.class);
            assertThat(shown.citations())
                    .as("the customer's stream carries the sources")
                    .isEqualTo(completed.citations());

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> web.get()
                            .uri("/api/conversations/{id}", conversationId)
                            .headers(h -> h.setBearerAuth(carlos))
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectBody()
                            .jsonPath("$.messages.length()")
                            .isEqualTo(2)
                            .jsonPath("$.messages[0].role")
                            .isEqualTo("customer")
                            .jsonPath("$.messages[0].citations")
                            .doesNotExist()
                            .jsonPath("$.messages[1].messageId")
                            .isEqualTo(replyId)
                            .jsonPath("$.messages[1].citations.length()")
                            .isEqualTo(2)
                            .jsonPath("$.messages[1].citations[0].n")
                            .isEqualTo(1)
                            .jsonPath("$.messages[1].citations[0].articleId")
                            .isEqualTo("kb_router-reset")
                            .jsonPath("$.messages[1].citations[0].title")
                            .isEqualTo("Resetting your router")
                            .jsonPath("$.messages[1].citations[0].passage")
                            .isEqualTo("Hold the reset button for 10 seconds.")
                            .jsonPath("$.messages[1].citations[1].n")
                            .isEqualTo(2)
                            .jsonPath("$.messages[1].citations[1].articleId")
                            .isEqualTo("kb_router-lights"));
            // stored once: one document for the reply id, whatever the number of deliveries
            var byReply = Query.query(Criteria.where("_id").is(replyId));
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> mongo.count(byReply, Message.class).block() == 1);

            // the data export lists them too
            web.get()
                    .uri("/api/conversations/export")
                    .headers(h -> h.setBearerAuth(carlos))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$[?(@.conversationId == '" + conversationId + "')].messages[1].citations[1].title")
                    .isEqualTo("What the lights mean");
            // and so does the agent the case is assigned to
            String agentId = "agt_" + UUID.randomUUID();
            events.publish(
                            Topics.HANDOFF_ASSIGNMENTS,
                            EventEnvelope.of(
                                    conversationId,
                                    carlosId,
                                    new HandoffAssigned("esc_" + conversationId, agentId, "Jordan Lee")))
                    .block(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> web.get()
                            .uri("/api/conversations/{id}", conversationId)
                            .headers(h -> h.setBearerAuth(TestTokens.agent(agentId)))
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectBody()
                            .jsonPath("$.messages[1].citations[0].articleId")
                            .isEqualTo("kb_router-reset"));
        } finally {
            stream.dispose();
        }
    }

    @Test
    void aVersion1CompletionWithoutCitationsIsStoredAndShownWithNone() throws Exception {
        String conversationId = start(carlos);
        String messageId = post(carlos, conversationId, "Is my order shipped?");
        List<ServerSentEvent<String>> received = Collections.synchronizedList(new ArrayList<>());
        Disposable stream = openStream(carlos, conversationId, received);
        try {
            String replyId = "rep_" + messageId;
            // exactly what a version-1 producer writes: no citations field at all
            String v1 = """
                    {"eventId":"%s:completed","type":"assistant.completed","version":1,
                     "occurredAt":"%s","conversationId":"%s","customerId":"%s","traceparent":null,
                     "payload":{"replyId":"%s","inReplyTo":"%s","text":"It shipped yesterday.",
                                "source":"fallback","usage":{"promptTokens":0,"completionTokens":0}}}
                    """.formatted(replyId, Instant.now(), conversationId, carlosId, replyId, messageId);
            var record = new ProducerRecord<String, String>(Topics.ASSISTANT_REPLIES, conversationId, v1);
            record.headers().add(EventCodec.TYPE_HEADER, AssistantCompleted.TYPE.getBytes(StandardCharsets.UTF_8));
            kafka.send(record).get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !named(received, "assistant.completed").isEmpty());
            assertThat(named(received, "assistant.completed").get(0).data())
                    .contains("\"text\":\"It shipped yesterday.\"", "\"citations\":[]");
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> web.get()
                            .uri("/api/conversations/{id}", conversationId)
                            .headers(h -> h.setBearerAuth(carlos))
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectBody()
                            .jsonPath("$.messages.length()")
                            .isEqualTo(2)
                            .jsonPath("$.messages[1].messageId")
                            .isEqualTo(replyId)
                            .jsonPath("$.messages[1].text")
                            .isEqualTo("It shipped yesterday.")
                            .jsonPath("$.messages[1].source")
                            .isEqualTo("fallback")
                            .jsonPath("$.messages[1].citations.length()")
                            .isEqualTo(0));
        } finally {
            stream.dispose();
        }
    }

    @Test
    void sourcesBeyondTheBoundsAreCutNotRefused() {
        String conversationId = start(carlos);
        String messageId = post(carlos, conversationId, "Tell me everything.");
        String replyId = "rep_" + messageId;
        List<AssistantCompleted.Citation> many = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            many.add(new AssistantCompleted.Citation(n, "kb_" + n, "T".repeat(1_000), "P".repeat(10_000)));
        }
        publish(
                conversationId,
                new AssistantCompleted(
                        replyId,
                        messageId,
                        "Everything [1]…[12].",
                        ReplySource.LLM,
                        AssistantCompleted.TokenUsage.NONE,
                        many));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> web.get()
                        .uri("/api/conversations/{id}", conversationId)
                        .headers(h -> h.setBearerAuth(carlos))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.messages.length()")
                        .isEqualTo(2)
                        .jsonPath("$.messages[1].text")
                        .isEqualTo("Everything [1]…[12].")
                        .jsonPath("$.messages[1].citations.length()")
                        .isEqualTo(8)
                        .jsonPath("$.messages[1].citations[0].n")
                        .isEqualTo(1)
                        .jsonPath("$.messages[1].citations[7].n")
                        .isEqualTo(8)
                        .jsonPath("$.messages[1].citations[7].title")
                        .isEqualTo("T".repeat(299) + "…")
                        .jsonPath("$.messages[1].citations[7].passage")
                        .isEqualTo("P".repeat(1_499) + "…"));
    }

    @Test
    void escalationPublishesAHandoffRequestAndTellsTheCustomersStream() {
        String conversationId = start(carlos);
        List<ServerSentEvent<String>> received = Collections.synchronizedList(new ArrayList<>());
        Disposable stream = openStream(carlos, conversationId, received);
        try {
            web.post()
                    .uri("/api/conversations/{id}/escalate", conversationId)
                    .headers(h -> h.setBearerAuth(carlos))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("reason", "I want a person"))
                    .exchange()
                    .expectStatus()
                    .isAccepted();

            ConsumerRecord<String, String> record =
                    awaitRecord(Topics.HANDOFF_REQUESTS, r -> conversationId.equals(r.key()));
            var event = codec.decode(record.value(), HandoffRequested.class);
            assertThat(event.payload().reason()).isEqualTo("customer_request");
            assertThat(event.customerId()).isEqualTo(carlosId);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !named(received, "handoff.requested").isEmpty());
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> web.get()
                            .uri("/api/conversations/{id}", conversationId)
                            .headers(h -> h.setBearerAuth(carlos))
                            .exchange()
                            .expectBody()
                            .jsonPath("$.status")
                            .isEqualTo("WAITING_FOR_AGENT"));

            // the queue's news reaches the customer: position and wait estimate, then the agent's name
            events.publish(
                            Topics.HANDOFF_ASSIGNMENTS,
                            EventEnvelope.of(
                                    conversationId, carlosId, new HandoffQueued("esc_" + conversationId, 3, 540L, 2)))
                    .block(Duration.ofSeconds(10));
            events.publish(
                            Topics.HANDOFF_ASSIGNMENTS,
                            EventEnvelope.of(
                                    conversationId,
                                    carlosId,
                                    new HandoffAssigned("esc_" + conversationId, "agt_1", "Jordan Lee")))
                    .block(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !named(received, "handoff.assigned").isEmpty());
            assertThat(named(received, "handoff.queued").get(0).data())
                    .contains("\"position\":3", "\"estimatedWaitSeconds\":540");
            assertThat(named(received, "handoff.assigned").get(0).data()).contains("Jordan Lee");
        } finally {
            stream.dispose();
        }
    }

    @Test
    void aCustomerLeavesAnEmailForAFollowUpOnTheirOwnConversationOnly() {
        String conversationId = start(carlos);
        web.put()
                .uri("/api/conversations/{id}/contact", conversationId)
                .headers(h -> h.setBearerAuth(carlos))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "guest@shop.example"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.email")
                .isEqualTo("guest@shop.example");
        web.get()
                .uri("/api/conversations/{id}", conversationId)
                .headers(h -> h.setBearerAuth(carlos))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.contactEmail")
                .isEqualTo("guest@shop.example");
        web.put()
                .uri("/api/conversations/{id}/contact", conversationId)
                .headers(h -> h.setBearerAuth(carlos))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "not an address"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.put()
                .uri("/api/conversations/{id}/contact", conversationId)
                .headers(h -> h.setBearerAuth(amira))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "amira@shop.example"))
                .exchange()
                .expectStatus()
                .isNotFound();
        web.get()
                .uri("/api/conversations/{id}", conversationId)
                .headers(h -> h.setBearerAuth(carlos))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.contactEmail")
                .isEqualTo("guest@shop.example");
    }

    @Test
    void anAgentHandsTheConversationBackToTheAssistantAndTheNoteIsForTheAssistantOnly() {
        String conversationId = start(carlos);
        List<ServerSentEvent<String>> received = Collections.synchronizedList(new ArrayList<>());
        Disposable stream = openStream(carlos, conversationId, received);
        try {
            String agent = TestTokens.agent("agt_back");
            events.publish(
                            Topics.HANDOFF_ASSIGNMENTS,
                            EventEnvelope.of(
                                    conversationId, carlosId, new HandoffAssigned("esc_b", "agt_back", "Noor Haddad")))
                    .block(Duration.ofSeconds(10));
            events.publish(
                            Topics.HANDOFF_AGENT_MESSAGES,
                            EventEnvelope.of(
                                    conversationId, carlosId, new AgentJoined("esc_b", "agt_back", "Noor Haddad")))
                    .block(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> web.get()
                            .uri("/api/conversations/{id}", conversationId)
                            .headers(h -> h.setBearerAuth(carlos))
                            .exchange()
                            .expectBody()
                            .jsonPath("$.status")
                            .isEqualTo("WITH_AGENT"));
            var back = EventEnvelope.of(
                    conversationId,
                    carlosId,
                    new AgentHandedBack("esc_b", "agt_back", "Noor Haddad", "Refund issued; help with the label"));
            events.publish(Topics.HANDOFF_AGENT_MESSAGES, back).block(Duration.ofSeconds(10));
            events.publish(Topics.HANDOFF_AGENT_MESSAGES, back).block(Duration.ofSeconds(10)); // redelivery

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !named(received, "agent.handed_back").isEmpty());
            // the customer: the assistant answers again, one line says so, the note is not theirs to see
            web.get()
                    .uri("/api/conversations/{id}", conversationId)
                    .headers(h -> h.setBearerAuth(carlos))
                    .exchange()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("OPEN")
                    .jsonPath("$.handBack")
                    .isEmpty()
                    .jsonPath("$.messages[?(@.role == 'system')].text")
                    .isEqualTo(List.of(
                            "Noor Haddad joined the conversation",
                            "Noor Haddad handed the conversation back to the assistant"));
            assertThat(named(received, "agent.handed_back").get(0).data())
                    .contains("Noor Haddad")
                    .doesNotContain("Refund issued");
            // the assistant (a service with the read scope) gets the note; the agent no longer reads it
            web.get()
                    .uri("/api/conversations/{id}", conversationId)
                    .headers(h -> h.setBearerAuth(TestTokens.service("llm-service", "conversations:read")))
                    .exchange()
                    .expectBody()
                    .jsonPath("$.handBack.note")
                    .isEqualTo("Refund issued; help with the label")
                    .jsonPath("$.handBack.agentName")
                    .isEqualTo("Noor Haddad");
            web.get()
                    .uri("/api/conversations/{id}", conversationId)
                    .headers(h -> h.setBearerAuth(agent))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        } finally {
            stream.dispose();
        }
    }

    @Test
    void anAgentJoinsWritesAndClosesAndThenTheCustomerRatesTheConversation() {
        String conversationId = start(carlos);
        List<ServerSentEvent<String>> received = Collections.synchronizedList(new ArrayList<>());
        Disposable stream = openStream(carlos, conversationId, received);
        try {
            web.post()
                    .uri("/api/conversations/{id}/feedback", conversationId)
                    .headers(h -> h.setBearerAuth(carlos))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("rating", 5))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(409);

            // once assigned, that agent (and only that agent) reads the transcript
            String assignedAgent = TestTokens.agent("agt_1");
            web.get()
                    .uri("/api/conversations/{id}", conversationId)
                    .headers(h -> h.setBearerAuth(assignedAgent))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
            events.publish(
                            Topics.HANDOFF_ASSIGNMENTS,
                            EventEnvelope.of(
                                    conversationId, carlosId, new HandoffAssigned("esc_1", "agt_1", "Jordan Lee")))
                    .block(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> web.get()
                            .uri("/api/conversations/{id}", conversationId)
                            .headers(h -> h.setBearerAuth(assignedAgent))
                            .exchange()
                            .expectStatus()
                            .isOk());
            web.get()
                    .uri("/api/conversations/{id}", conversationId)
                    .headers(h -> h.setBearerAuth(TestTokens.agent("agt_2")))
                    .exchange()
                    .expectStatus()
                    .isNotFound();

            var joined = new AgentJoined("esc_1", "agt_1", "Jordan Lee");
            var said = new AgentMessage(
                    "amsg_1" + conversationId, "esc_1", "agt_1", "Jordan Lee", "Hi Carlos, I'm on it.");
            events.publish(Topics.HANDOFF_AGENT_MESSAGES, EventEnvelope.of(conversationId, carlosId, joined))
                    .block(Duration.ofSeconds(10));
            var message = EventEnvelope.withId(said.messageId(), conversationId, carlosId, said);
            events.publish(Topics.HANDOFF_AGENT_MESSAGES, message).block(Duration.ofSeconds(10));
            events.publish(Topics.HANDOFF_AGENT_MESSAGES, message).block(Duration.ofSeconds(10)); // redelivery
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !named(received, "agent.message").isEmpty());
            assertThat(named(received, "agent.joined").get(0).data()).contains("Jordan Lee");
            assertThat(named(received, "agent.message").get(0).data()).contains("I'm on it.");
            // the redelivered (or retried) message is not shown to the customer a second time
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> named(received, "agent.message").size() == 1);
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> web.get()
                            .uri("/api/conversations/{id}", conversationId)
                            .headers(h -> h.setBearerAuth(carlos))
                            .exchange()
                            .expectBody()
                            .jsonPath("$.status")
                            .isEqualTo("WITH_AGENT")
                            .jsonPath("$.messages.length()")
                            .isEqualTo(2)
                            .jsonPath("$.messages[0].role")
                            .isEqualTo("system")
                            .jsonPath("$.messages[0].text")
                            .isEqualTo("Jordan Lee joined the conversation")
                            .jsonPath("$.messages[1].role")
                            .isEqualTo("agent")
                            .jsonPath("$.messages[1].text")
                            .isEqualTo("Hi Carlos, I'm on it."));

            events.publish(
                            Topics.CONVERSATION_CLOSED,
                            EventEnvelope.of(
                                    conversationId,
                                    carlosId,
                                    new ConversationClosed("Headphones", "Replacement shipped", "agt_1", null)))
                    .block(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !named(received, "conversation.closed").isEmpty());
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> web.get()
                            .uri("/api/conversations/{id}", conversationId)
                            .headers(h -> h.setBearerAuth(carlos))
                            .exchange()
                            .expectBody()
                            .jsonPath("$.status")
                            .isEqualTo("CLOSED"));

            web.post()
                    .uri("/api/conversations/{id}/feedback", conversationId)
                    .headers(h -> h.setBearerAuth(carlos))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("rating", 6))
                    .exchange()
                    .expectStatus()
                    .isBadRequest();
            web.post()
                    .uri("/api/conversations/{id}/feedback", conversationId)
                    .headers(h -> h.setBearerAuth(amira))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("rating", 1))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
            web.post()
                    .uri("/api/conversations/{id}/feedback", conversationId)
                    .headers(h -> h.setBearerAuth(carlos))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("rating", 5, "comment", "Quick, thanks"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.rating")
                    .isEqualTo(5)
                    .jsonPath("$.comment")
                    .isEqualTo("Quick, thanks");
            web.get()
                    .uri("/api/conversations/{id}", conversationId)
                    .headers(h -> h.setBearerAuth(carlos))
                    .exchange()
                    .expectBody()
                    .jsonPath("$.feedback.rating")
                    .isEqualTo(5); // the client offers the rating once
            web.post()
                    .uri("/api/conversations/{id}/messages", conversationId)
                    .headers(h -> h.setBearerAuth(carlos))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("text", "one more thing"))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(409);
        } finally {
            stream.dispose();
        }
    }

    @Test
    void nobodyButTheOwnerReachesAConversation() {
        String conversationId = start(carlos);
        String agent = TestTokens.agent("agt_" + UUID.randomUUID());
        for (String other : List.of(amira, agent)) {
            web.get()
                    .uri("/api/conversations/{id}", conversationId)
                    .headers(h -> h.setBearerAuth(other))
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
            web.get()
                    .uri("/api/conversations/{id}/events", conversationId)
                    .headers(h -> h.setBearerAuth(other))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }
        web.post()
                .uri("/api/conversations/{id}/messages", conversationId)
                .headers(h -> h.setBearerAuth(amira))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", "hi"))
                .exchange()
                .expectStatus()
                .isNotFound();
        web.post()
                .uri("/api/conversations")
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isForbidden();
        web.get()
                .uri("/api/conversations")
                .headers(h -> h.setBearerAuth(amira))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(0);
    }

    @Test
    void badTokensAre401Problems() {
        String conversationId = start(carlos);
        List<String> bad = List.of(
                TestTokens.expiredCustomer(carlosId),
                TestTokens.foreignSigned(carlosId),
                TestTokens.wrongIssuer(carlosId),
                "garbage",
                TestTokens.unsigned(carlosId, "CUSTOMER"));
        for (String token : bad) {
            web.get()
                    .uri("/api/conversations/{id}", conversationId)
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        web.get()
                .uri("/api/conversations/{id}", conversationId)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void badInputIsA400ProblemAndNothingIsStored() {
        String conversationId = start(carlos);
        web.post()
                .uri("/api/conversations/{id}/messages", conversationId)
                .headers(h -> h.setBearerAuth(carlos))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", "   "))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("text");
        web.post()
                .uri("/api/conversations/{id}/messages", conversationId)
                .headers(h -> h.setBearerAuth(carlos))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", "x".repeat(4001)))
                .exchange()
                .expectStatus()
                .isBadRequest();
        web.post()
                .uri("/api/conversations/{id}/messages", conversationId)
                .headers(h -> h.setBearerAuth(carlos))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"text\": ")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.post()
                .uri("/api/conversations/{id}/messages", conversationId)
                .headers(h -> h.setBearerAuth(carlos))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"text\": 42}")
                .exchange()
                .expectStatus()
                .is4xxClientError();
        web.post()
                .uri("/api/conversations/{id}/messages", conversationId)
                .headers(h -> h.setBearerAuth(carlos))
                .contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus()
                .isBadRequest();
        web.post()
                .uri("/api/conversations/{id}/messages", "conv_missing")
                .headers(h -> h.setBearerAuth(carlos))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", "hi"))
                .exchange()
                .expectStatus()
                .isNotFound();

        String accepted = post(carlos, conversationId, "x".repeat(4000));
        web.get()
                .uri("/api/conversations/{id}", conversationId)
                .headers(h -> h.setBearerAuth(carlos))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.messages.length()")
                .isEqualTo(1)
                .jsonPath("$.messages[0].messageId")
                .isEqualTo(accepted);
    }

    @TestFactory
    List<DynamicTest> everyEndpointAsEveryCaller() {
        String conversation = start(carlos);
        String agent = TestTokens.agent("agt_" + UUID.randomUUID());
        String base = "/api/conversations/" + conversation;
        String message = "{\"text\":\"hello\"}";
        String actionId = proposeAction(conversation, carlosId);
        var rows = List.of(
                row(POST, "/api/conversations")
                        .expect(Who.OWNER, 201)
                        .expect(Who.OTHER_CUSTOMER, 201)
                        .expect(Who.AGENT, 403)
                        .build(),
                row(GET, "/api/conversations")
                        .expect(Who.OWNER, 200)
                        .expect(Who.OTHER_CUSTOMER, 200)
                        .expect(Who.AGENT, 403)
                        .build(),
                row(GET, "/api/conversations/export")
                        .expect(Who.OWNER, 200)
                        .expect(Who.OTHER_CUSTOMER, 200)
                        .expect(Who.AGENT, 403)
                        .build(),
                // an admin is neither its customer nor its agent: like them, it learns nothing (404)
                row(GET, base)
                        .expect(Who.OWNER, 200)
                        .expect(Who.OTHER_CUSTOMER, 404)
                        .expect(Who.AGENT, 404)
                        .expect(Who.ADMIN, 404)
                        .expect(Who.SERVICE, 200)
                        .build(),
                // writing as the customer is a customer's act: an agent is refused before any lookup
                row(POST, base + "/messages")
                        .body(message)
                        .expect(Who.OWNER, 202)
                        .expect(Who.OTHER_CUSTOMER, 404)
                        .expect(Who.AGENT, 403)
                        .expect(Who.SERVICE, 403)
                        .build(),
                row(POST, base + "/escalate")
                        .body("{}")
                        .expect(Who.OWNER, 202)
                        .expect(Who.OTHER_CUSTOMER, 404)
                        .expect(Who.AGENT, 403)
                        .build(),
                row(POST, base + "/feedback")
                        .body("{\"rating\":4}")
                        .expect(Who.OWNER, 409)
                        .expect(Who.OTHER_CUSTOMER, 404)
                        .expect(Who.AGENT, 403)
                        .build(),
                row(PUT, base + "/contact")
                        .body("{\"email\":\"follow.up@shop.example\"}")
                        .expect(Who.OWNER, 200)
                        .expect(Who.OTHER_CUSTOMER, 404)
                        .expect(Who.AGENT, 403)
                        .expect(Who.ADMIN, 403)
                        .expect(Who.SERVICE, 403)
                        .build(),
                // "Did this solve it?" is the customer's, about an assistant reply of the conversation
                row(POST, base + "/resolution")
                        .body("{\"replyId\":\"rep_none\",\"solved\":true}")
                        .expect(Who.OWNER, 404)
                        .expect(Who.OTHER_CUSTOMER, 404)
                        .expect(Who.AGENT, 403)
                        .expect(Who.ADMIN, 403)
                        .expect(Who.SERVICE, 403)
                        .build(),
                // only the conversation's customer answers an action, and only one that exists
                row(POST, base + "/actions/act_000000000000000000000000/confirm")
                        .expect(Who.OWNER, 404)
                        .expect(Who.OTHER_CUSTOMER, 404)
                        .expect(Who.AGENT, 403)
                        .expect(Who.ADMIN, 403)
                        .expect(Who.SERVICE, 403)
                        .build(),
                row(POST, base + "/actions/" + actionId + "/decline")
                        .expect(Who.OWNER, 200)
                        .expect(Who.OTHER_CUSTOMER, 404)
                        .expect(Who.AGENT, 403)
                        .expect(Who.ADMIN, 403)
                        .expect(Who.SERVICE, 403)
                        .build(),
                // the owner's stream never ends; it is exercised by the streaming tests above
                row(GET, base + "/events")
                        .expect(Who.OTHER_CUSTOMER, 404)
                        .expect(Who.AGENT, 404)
                        .expect(Who.ADMIN, 404)
                        .build());
        return AuthMatrix.tests(web, rows, who -> switch (who) {
            case OWNER -> carlos;
            case OTHER_CUSTOMER -> amira;
            case AGENT -> agent;
            case ADMIN -> TestTokens.admin("adm_" + UUID.randomUUID());
            case SERVICE -> TestTokens.service("llm-service", "profiles:read conversations:read");
            case NO_TOKEN -> null;
            case EXPIRED -> TestTokens.expiredCustomer(carlosId);
            case BAD_SIGNATURE -> TestTokens.foreignSigned(carlosId);
            case ALG_NONE -> TestTokens.unsigned(carlosId, "CUSTOMER");
            case WRONG_ISSUER -> TestTokens.wrongIssuer(carlosId);
        });
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** An action proposed in the conversation as llm-service would; returns its id once it is stored. */
    String proposeAction(String conversationId, String customerId) {
        String actionId = "act_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        events.publish(
                        Topics.ACTIONS,
                        EventEnvelope.withId(
                                actionId + ":action.proposed",
                                conversationId,
                                customerId,
                                ActionEvent.proposal(
                                        actionId,
                                        null,
                                        "change_contact_preference",
                                        Map.of("channel", "email"),
                                        "Change how we contact you",
                                        "From now on we contact you by email.",
                                        null,
                                        null,
                                        null)))
                .block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> mongo.exists(Query.query(Criteria.where("_id").is(actionId)), "actions")
                        .block());
        return actionId;
    }

    Disposable openStream(String token, String conversationId, List<ServerSentEvent<String>> into) {
        int before = live.openStreams();
        Disposable d = web.get()
                .uri("/api/conversations/{id}/events", conversationId)
                .headers(h -> h.setBearerAuth(token))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody()
                .subscribe(into::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.openStreams() > before);
        return d;
    }

    static List<ServerSentEvent<String>> named(List<ServerSentEvent<String>> events, String name) {
        synchronized (events) {
            return events.stream().filter(e -> name.equals(e.event())).toList();
        }
    }

    void publish(String conversationId, EventPayload payload) {
        events.publish(Topics.ASSISTANT_REPLIES, EventEnvelope.of(conversationId, carlosId, payload))
                .block(Duration.ofSeconds(10));
    }

    ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> match) {
        return KafkaProbe.awaitRecord(bootstrap, topic, match);
    }
}
