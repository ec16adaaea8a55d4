package com.smartsupport.conversation.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.smartsupport.platform.events.ActionEvent;
import com.smartsupport.platform.events.ActionEvent.Money;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.testsupport.FakeService;
import com.smartsupport.platform.testsupport.KafkaProbe;
import com.smartsupport.platform.testsupport.TestTokens;
import com.smartsupport.platform.testsupport.UsesEmbeddedInfra;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Actions end to end inside conversation-service: a proposal arrives on Kafka and shows in the transcript; only the
 * conversation's customer can confirm it, once; the write goes to (a fake) profile-service with the customer's own
 * token and the action id as Idempotency-Key; every refusal answers a problem and changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
class ActionsFlowTest implements UsesEmbeddedInfra {
    /** What profile-service was asked to write: method, path, headers and body. */
    record Write(String method, String path, String authorization, String idempotencyKey, String body) {}

    static final Queue<Write> writes = new ConcurrentLinkedQueue<>();
    static final AtomicReference<Function<RecordedRequest, MockResponse>> profileService =
            new AtomicReference<>(r -> FakeService.status(500));
    static final FakeService profile = FakeService.answering(r -> {
        writes.add(new Write(
                r.getMethod(),
                r.getPath(),
                r.getHeader("Authorization"),
                r.getHeader("Idempotency-Key"),
                r.getBody().readUtf8()));
        return profileService.get().apply(r);
    });

    @DynamicPropertySource
    static void fakeProfileService(DynamicPropertyRegistry registry) {
        profile.registerAs(registry, "profile-service");
    }

    @AfterAll
    static void stop() throws Exception {
        profile.close();
    }

    @Autowired
    WebTestClient web;

    @Autowired
    EventPublisher events;

    @Autowired
    EventCodec codec;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    final String carlosId = "cus_" + UUID.randomUUID();
    final String carlos = TestTokens.customer(carlosId);
    final String amira = TestTokens.customer("cus_" + UUID.randomUUID());

    @BeforeEach
    void returnsAreStarted() {
        writes.clear();
        profileService.set(
                r -> FakeService.json(
                        "{\"rma\":\"RMA-7F3K2QZ1\",\"status\":\"REQUESTED\",\"orderId\":\"ORD-1\",\"dropOffBy\":\"2026-12-19\"}"));
    }

    @Test
    void aConfirmedReturnIsStartedWithTheCustomersOwnTokenOnceAndReportedBack() {
        String conversation = start(carlos);
        String actionId = propose(conversation, carlosId, Instant.now());

        ActionView done = confirm(carlos, conversation, actionId, 200);

        assertThat(done.status()).isEqualTo(ActionEvent.Status.COMPLETED);
        assertThat(done.result())
                .isEqualTo("Return RMA-7F3K2QZ1 started for order ORD-1. Drop the parcel off at a ParcelPro point by"
                        + " 2026-12-19.");
        assertThat(writes).hasSize(1);
        Write write = writes.peek();
        assertThat(write.method()).isEqualTo("POST");
        assertThat(write.path()).isEqualTo("/api/profiles/me/orders/ORD-1/returns");
        assertThat(write.authorization()).isEqualTo("Bearer " + carlos);
        assertThat(write.idempotencyKey()).isEqualTo(actionId);
        assertThat(write.body()).contains("\"reason\":\"faulty\"");
        // the transcript shows it done; the steps were published in order
        assertThat(transcriptActions(carlos, conversation))
                .singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(ActionEvent.Status.COMPLETED));
        List<String> steps = KafkaProbe.awaitRecords(
                        bootstrap,
                        Topics.ACTIONS,
                        r -> conversation.equals(r.key()),
                        r -> r.value().contains("\"action.completed\""))
                .stream()
                .map(r -> codec.decode(r.value()).type())
                .toList();
        assertThat(steps).containsExactly("action.proposed", "action.confirmed", "action.completed");

        // a replayed confirmation is refused and writes nothing
        problem(carlos, conversation, actionId, "confirm", 409).contains("was already done");
        assertThat(writes).hasSize(1);
    }

    @Test
    void onlyTheConversationsCustomerCanAnswerAndNothingIsWrittenOtherwise() {
        String conversation = start(carlos);
        String actionId = propose(conversation, carlosId, Instant.now());

        problem(amira, conversation, actionId, "confirm", 404);
        problem(TestTokens.agent("agt_1"), conversation, actionId, "confirm", 403);
        problem(
                TestTokens.service("llm-service", "profiles:read conversations:read"),
                conversation,
                actionId,
                "confirm",
                403);
        problem(carlos, conversation, "act_000000000000000000000000", "confirm", 404);
        web.post()
                .uri("/api/conversations/{c}/actions/{a}/confirm", conversation, actionId)
                .exchange()
                .expectStatus()
                .isUnauthorized();

        assertThat(writes).isEmpty();
        assertThat(transcriptActions(carlos, conversation))
                .singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(ActionEvent.Status.PROPOSED));
    }

    @Test
    void aDeclinedActionCannotBeConfirmedAfterwards() {
        String conversation = start(carlos);
        String actionId = propose(conversation, carlosId, Instant.now());

        ActionView declined = web.post()
                .uri("/api/conversations/{c}/actions/{a}/decline", conversation, actionId)
                .headers(h -> h.setBearerAuth(carlos))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(ActionView.class)
                .returnResult()
                .getResponseBody();

        assertThat(declined.status()).isEqualTo(ActionEvent.Status.DECLINED);
        problem(carlos, conversation, actionId, "confirm", 409).contains("was declined");
        assertThat(writes).isEmpty();
    }

    @Test
    void twoConfirmationsAtOnceWriteOnce() {
        String conversation = start(carlos);
        String actionId = propose(conversation, carlosId, Instant.now());

        List<Integer> statuses = Flux.range(0, 2)
                .flatMap(i -> Mono.fromCallable(() -> web.post()
                                .uri("/api/conversations/{c}/actions/{a}/confirm", conversation, actionId)
                                .headers(h -> h.setBearerAuth(carlos))
                                .exchange()
                                .returnResult(String.class)
                                .getStatus()
                                .value())
                        .subscribeOn(Schedulers.boundedElastic()))
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(writes).hasSize(1);
    }

    @Test
    void aRefusalFromProfileServiceIsAFailedActionWithItsReason() {
        profileService.set(r -> new MockResponse()
                .setResponseCode(409)
                .setHeader("Content-Type", "application/problem+json")
                .setBody("{\"title\":\"Conflict\",\"status\":409,\"reason\":\"window_closed\","
                        + "\"detail\":\"The return window for ORD-1 closed on 2026-12-04\"}"));
        String conversation = start(carlos);
        String actionId = propose(conversation, carlosId, Instant.now());

        ActionView failed = confirm(carlos, conversation, actionId, 200);

        assertThat(failed.status()).isEqualTo(ActionEvent.Status.FAILED);
        assertThat(failed.result()).isEqualTo("The return window for ORD-1 closed on 2026-12-04.");
    }

    @Test
    void whenProfileServiceIsDownTheActionFailsHonestly() {
        profileService.set(r -> FakeService.status(503));
        String conversation = start(carlos);
        String actionId = propose(conversation, carlosId, Instant.now());

        ActionView failed = confirm(carlos, conversation, actionId, 200);

        assertThat(failed.status()).isEqualTo(ActionEvent.Status.FAILED);
        assertThat(failed.result()).isEqualTo(AccountWrites.UNAVAILABLE);
    }

    @Test
    void aStaleProposalHasExpired() {
        String conversation = start(carlos);
        String actionId = propose(conversation, carlosId, Instant.now().minus(Duration.ofHours(2)));

        problem(carlos, conversation, actionId, "confirm", 409).contains("has expired");

        assertThat(writes).isEmpty();
        assertThat(transcriptActions(carlos, conversation))
                .singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(ActionEvent.Status.EXPIRED));
    }

    @Test
    void proposalsForSomeoneElsesConversationOrBeyondTheLimitAreDropped() {
        String conversation = start(carlos);
        // a proposal naming another customer for Carlos's conversation is not stored
        String foreign = propose(conversation, "cus_someone_else", Instant.now(), false);
        for (int i = 0; i < 6; i++) {
            propose(conversation, carlosId, Instant.now(), false);
        }
        String last = propose(conversation, carlosId, Instant.now(), false);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> transcriptActions(carlos, conversation).size() == 5);
        // the events after the limit were read (the last one too), and none of them was stored
        KafkaProbe.awaitRecord(bootstrap, Topics.ACTIONS, r -> r.value().contains(last));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> transcriptActions(carlos, conversation).size() == 5);
        assertThat(transcriptActions(carlos, conversation))
                .extracting(ActionView::actionId)
                .doesNotContain(foreign, last);
    }

    // --- helpers

    String start(String token) {
        return web.post()
                .uri("/api/conversations")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("conversationId")
                .toString();
    }

    String propose(String conversation, String customer, Instant at) {
        return propose(conversation, customer, at, true);
    }

    /** Publishes a proposal as llm-service does; waits until it is stored, if it should be. */
    String propose(String conversation, String customer, Instant at, boolean awaitStored) {
        String actionId = "act_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        ActionEvent proposal = new ActionEvent(
                actionId,
                "rep_msg_1",
                "start_return",
                ActionEvent.Status.PROPOSED,
                Map.of("orderId", "ORD-1", "reason", "faulty"),
                "Start a return",
                "Return the SoundWave Buds from order ORD-1 for a refund of USD 129.00.",
                "ORD-1",
                new Money(new BigDecimal("6.95"), "USD"),
                "Free for faulty items",
                null,
                at);
        events.publish(
                        Topics.ACTIONS,
                        EventEnvelope.withId(actionId + ":action.proposed", conversation, customer, proposal))
                .block(Duration.ofSeconds(10));
        if (awaitStored) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> transcriptActions(carlos, conversation).stream()
                            .anyMatch(a -> a.actionId().equals(actionId)));
        }
        return actionId;
    }

    List<ActionView> transcriptActions(String token, String conversation) {
        Transcript t = web.get()
                .uri("/api/conversations/{id}", conversation)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Transcript.class)
                .returnResult()
                .getResponseBody();
        return t.actions();
    }

    record Transcript(List<ActionView> actions) {}

    ActionView confirm(String token, String conversation, String actionId, int status) {
        return web.post()
                .uri("/api/conversations/{c}/actions/{a}/confirm", conversation, actionId)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(ActionView.class)
                .returnResult()
                .getResponseBody();
    }

    AbstractStringAssert<?> problem(String token, String conversation, String actionId, String answer, int status) {
        String body = web.post()
                .uri("/api/conversations/{c}/actions/{a}/" + answer, conversation, actionId)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return assertThat(body);
    }
}
