package com.smartsupport.llm.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.FakeBackends;
import com.smartsupport.llm.LlmServiceTestBase;
import com.smartsupport.llm.reply.ReplyService;
import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.AssistantDelta;
import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.HandoffRequested;
import com.smartsupport.platform.events.ReplySource;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.testsupport.FakeOpenAi;
import com.smartsupport.platform.testsupport.KafkaProbe;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * The model call under faults, through the real OpenAI SDK client against a fake OpenAI-compatible server: each
 * test asserts what the customer sees (the reply events) and how many upstream calls were made.
 */
@SpringBootTest(
        properties = {
            "spring.ai.openai.api-key=test-key",
            "smart.llm.resilience.first-token-timeout=1s",
            "smart.llm.resilience.idle-timeout=1s",
            "smart.llm.resilience.max-attempts=3",
            "smart.llm.resilience.backoff=50ms",
            "smart.llm.resilience.max-backoff=200ms",
            "smart.llm.resilience.max-retry-after=5s",
            "smart.llm.resilience.breaker-window=10",
            "smart.llm.resilience.breaker-min-calls=5",
            "smart.llm.resilience.breaker-failure-rate=50",
            "smart.llm.resilience.breaker-open-for=5s",
            "smart.llm.resilience.breaker-probes=1",
            "smart.llm.resilience.fallbacks-before-handoff=2"
        })
class ModelResilienceTest extends LlmServiceTestBase {
    @Autowired
    ReplyService replies;

    @Autowired
    ResilientModel model;

    @Autowired
    MeterRegistry meters;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    CircuitBreaker breaker;

    @BeforeEach
    void reset() {
        breaker = model.breaker();
        breaker.reset();
        openAi.reset();
    }

    record Seen(List<String> deltas, AssistantCompleted completed) {}

    double count(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    long timerCount(String name, String... tags) {
        var timer = meters.find(name).tags(tags).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void aRateLimitIsRetriedNoSoonerThanRetryAfterAndABoundedNumberOfTimes() {
        openAi.respond(call -> FakeOpenAi.error(429, "rate_limit_exceeded").setHeader("Retry-After", "1"));

        Seen seen = ask("Where is my SoundWave order?");

        assertThat(openAi.requests()).hasSize(3);
        List<Long> t = openAi.requestTimes();
        assertThat(TimeUnit.NANOSECONDS.toMillis(t.get(1) - t.get(0))).isGreaterThanOrEqualTo(1000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(t.get(2) - t.get(1))).isGreaterThanOrEqualTo(1000);
        assertThat(seen.completed().source()).isEqualTo(ReplySource.FALLBACK);
        assertThat(seen.completed().text()).contains("Automatic answer", "SoundWave ANC Headphones");
    }

    @Test
    void anExhaustedQuotaIsNotRetried() {
        openAi.respond(call -> FakeOpenAi.error(429, "insufficient_quota"));
        assertThat(ask("hello").completed().source()).isEqualTo(ReplySource.FALLBACK);
        assertThat(openAi.requests()).hasSize(1);
    }

    @Test
    void badRequestsAndABadKeyMakeExactlyOneCallAndTheKeyRaisesAnAlertMetric() {
        openAi.failWith(400);
        assertThat(ask("hello").completed().source()).isEqualTo(ReplySource.FALLBACK);
        assertThat(openAi.requests()).hasSize(1);

        openAi.reset();
        double before = meters.counter("smart.llm.auth.failures").count();
        openAi.failWith(401);
        assertThat(ask("hello").completed().source()).isEqualTo(ReplySource.FALLBACK);
        assertThat(openAi.requests()).hasSize(1);
        assertThat(meters.counter("smart.llm.auth.failures").count()).isEqualTo(before + 1);
    }

    @Test
    void aServerErrorThenSuccessIsAnsweredByTheModelOnTheSecondAttempt() {
        openAi.respond(call -> call == 1
                ? FakeOpenAi.error(503, null)
                : FakeOpenAi.stream(List.of("Your headphones ", "ship today."), 100, 5));
        double promptBefore = count("smart.llm.tokens", "kind", "prompt");
        double completionBefore = count("smart.llm.tokens", "kind", "completion");
        double costBefore = count("smart.llm.cost");
        double llmRepliesBefore = count("smart.llm.replies", "source", "llm");
        long successBefore = timerCount("smart.llm.request", "outcome", "success");
        long ttftBefore = timerCount("smart.llm.time.to.first.token");

        Seen seen = ask("Where are my headphones?");

        // the operator's view of this reply: one successful call (with its retry inside), its tokens and cost
        assertThat(count("smart.llm.tokens", "kind", "prompt")).isEqualTo(promptBefore + 100);
        assertThat(count("smart.llm.tokens", "kind", "completion")).isEqualTo(completionBefore + 5);
        assertThat(count("smart.llm.cost") - costBefore)
                .isCloseTo((100 * 0.15 + 5 * 0.60) / 1_000_000, Offset.offset(1e-12));
        assertThat(count("smart.llm.replies", "source", "llm")).isEqualTo(llmRepliesBefore + 1);
        assertThat(timerCount("smart.llm.request", "outcome", "success")).isEqualTo(successBefore + 1);
        assertThat(timerCount("smart.llm.time.to.first.token")).isEqualTo(ttftBefore + 1);
        assertThat(meters.find("resilience4j.retry.calls")
                        .tags("kind", "successful_with_retry")
                        .functionCounter())
                .isNotNull();

        assertThat(openAi.requests()).hasSize(2);
        assertThat(seen.completed().source()).isEqualTo(ReplySource.LLM);
        assertThat(seen.completed().text()).isEqualTo("Your headphones ship today.");
        // a reply shorter than the output guard's hold-back (39 characters) goes out in one piece
        assertThat(String.join("", seen.deltas())).isEqualTo("Your headphones ship today.");
    }

    @Test
    void aModelThatNeverStartsIsGivenUpAfterTheFirstTokenTimeoutOnEachAttempt() {
        openAi.respond(call -> new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));

        Seen seen = ask("Where is my order?");

        assertThat(openAi.requests()).hasSize(3);
        assertThat(seen.completed().source()).isEqualTo(ReplySource.FALLBACK);
    }

    @Test
    void aStreamThatStallsAfterTheFirstTokenIsClosedOffWithANoticeAndNotRetried() {
        MockResponse stalls = FakeOpenAi.stream(List.of("Your order ", "is on its way."), 100, 5);
        String body = stalls.getBody().clone().readUtf8();
        int firstChunkEnd = body.indexOf("\n\n") + 2;
        openAi.respond(call -> FakeOpenAi.stream(List.of("Your order ", "is on its way."), 100, 5)
                .throttleBody(firstChunkEnd, 5, TimeUnit.SECONDS));

        Seen seen = ask("Where is my order?");

        assertThat(openAi.requests()).hasSize(1);
        assertThat(seen.completed().source()).isEqualTo(ReplySource.LLM);
        assertThat(seen.completed().text())
                .startsWith("Your order ")
                .contains("cut off")
                .doesNotContain("Automatic answer");
        assertThat(String.join("", seen.deltas())).isEqualTo(seen.completed().text());
    }

    @Test
    void malformedJsonFromTheModelFallsBackAtOnce() {
        openAi.respond(call -> new MockResponse()
                .setHeader("Content-Type", "text/event-stream")
                .setBody("data: {this is not json\n\ndata: [DONE]\n\n"));
        Seen seen = ask("Where is my order?");
        assertThat(seen.completed().source()).isEqualTo(ReplySource.FALLBACK);
        assertThat(openAi.requests()).hasSize(1);
    }

    @Test
    void aConnectionResetBeforeTheFirstChunkIsRetried() {
        // the first response dies inside a long SSE comment, before any chunk: nothing reached the customer
        openAi.respond(call -> call == 1
                ? new MockResponse()
                        .setHeader("Content-Type", "text/event-stream")
                        .setBody(":" + " padding".repeat(2000) + "\n\ndata: [DONE]\n\n")
                        .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY)
                : FakeOpenAi.stream(List.of("All good."), 10, 2));
        Seen seen = ask("Where is my order?");
        assertThat(seen.completed().source()).isEqualTo(ReplySource.LLM);
        assertThat(openAi.requests()).hasSize(2);
    }

    @Test
    void underASteadyOutageTheCircuitOpensNoCallsAreMadeWhileOpenAndItRecoversAfter() throws Exception {
        openAi.failWith(503);
        for (int i = 0; i < 3; i++) {
            assertThat(ask("hello " + i).completed().source()).isEqualTo(ReplySource.FALLBACK);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        // while open (5 s here): every reply is the fallback, at once, and nothing reaches the provider
        int callsWhenOpened = openAi.requests().size();
        long[] latencies = new long[20];
        for (int i = 0; i < latencies.length; i++) {
            long started = System.nanoTime();
            assertThat(answerDirectly("while open " + i).source()).isEqualTo(ReplySource.FALLBACK);
            latencies[i] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(openAi.requests()).as("no upstream call while open").hasSize(callsWhenOpened);
        Arrays.sort(latencies);
        System.out.printf(
                "FALLBACK with the circuit open: p50 %.1f ms, max %.1f ms per reply (profile cached,"
                        + " transcript read, every delta published with acks=all)%n",
                latencies[10] / 1000.0, latencies[19] / 1000.0);
        assertThat(latencies[10]).as("fallback is fast").isLessThan(300_000);

        openAi.replyWith(List.of("Back to normal."), 10, 3);
        Thread.sleep(5200); // breaker-open-for
        Seen recovered = ask("are you back?");
        assertThat(recovered.completed().source()).isEqualTo(ReplySource.LLM);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void repeatedFallbacksInOneConversationBringAHuman() {
        openAi.failWith(503);
        String conversation = "conv_" + UUID.randomUUID();
        String earlier = "msg_" + UUID.randomUUID();
        backends.transcripts.put(conversation, """
                {"conversationId":"%s","status":"OPEN","messages":[
                 {"messageId":"%s","role":"customer","text":"Where is my order?"},
                 {"messageId":"rep_%s","role":"assistant","text":"(Automatic answer.) ...","source":"fallback"}
                ]}""".formatted(conversation, earlier, earlier));

        Seen seen = ask(conversation, "Still nothing?");

        assertThat(seen.completed().source()).isEqualTo(ReplySource.FALLBACK);
        var handoff = codec.decode(
                KafkaProbe.awaitRecord(bootstrap, Topics.HANDOFF_REQUESTS, r -> conversation.equals(r.key()))
                        .value(),
                HandoffRequested.class);
        assertThat(handoff.payload().reason()).isEqualTo("fallback_loop");
        assertThat(handoff.customerId()).isEqualTo(FakeBackends.CARLOS);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    AssistantCompleted answerDirectly(String text) {
        String messageId = "msg_" + UUID.randomUUID();
        return replies.answer(EventEnvelope.withId(
                        messageId,
                        "conv_" + UUID.randomUUID(),
                        FakeBackends.CARLOS,
                        new CustomerMessagePosted(messageId, text)))
                .block(Duration.ofSeconds(10));
    }

    Seen ask(String text) {
        return ask("conv_" + UUID.randomUUID(), text);
    }

    Seen ask(String conversation, String text) {
        send(conversation, FakeBackends.CARLOS, text);
        List<EventEnvelope<JsonNode>> events = awaitReplies(conversation);
        List<String> deltas = events.stream()
                .filter(e -> e.type().equals(AssistantDelta.TYPE))
                .map(e -> codec.payload(e, AssistantDelta.class).text())
                .toList();
        return new Seen(deltas, codec.payload(events.get(events.size() - 1), AssistantCompleted.class));
    }
}
