package com.smartsupport.localstack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.testsupport.FakeOpenAi;
import com.smartsupport.platform.testsupport.ScriptedModel;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole system as a user gets it: {@code ./run} starts a real Kafka broker, the embedded MongoDB-wire server
 * and the five services as separate processes; this test drives them only through the gateway, with a fake
 * OpenAI-compatible server behind llm-service, then stops {@code ./run} with SIGTERM as Ctrl-C would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackEndToEndIT {
    static final int OFFSET = Integer.getInteger("smart.e2e.port-offset", 1000);
    static final String GATEWAY = "http://127.0.0.1:" + (8080 + OFFSET);
    static final JsonMapper json = JsonMapper.builder().build();
    static final Path ROOT = LocalRun.ROOT;
    static final List<String> SERVICES =
            List.of("profile-service", "conversation-service", "llm-service", "escalation-service", "gateway-service");
    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static FakeOpenAi openAi;
    static LocalRun stack;
    static Path dataDir;
    static Path output;

    @BeforeAll
    static void startTheStack() throws Exception {
        openAi = new FakeOpenAi();
        openAi.replyWith(List.of("Your SoundWave ANC Headphones ", "are in transit ", "with ParcelPro."), 400, 12);
        stack = LocalRun.start(OFFSET, Map.of("OPENAI_API_KEY", "test-key", "OPENAI_BASE_URL", openAi.baseUrl()));
        dataDir = stack.dataDir;
        output = dataDir.resolve("run.out");
        assertThat(runOutput())
                .contains(
                        "http://localhost:" + (8080 + OFFSET) + "/",
                        "carlos.diaz@example.com",
                        "agent.lee@example.com",
                        "support-demo");
    }

    @AfterAll
    static void stopTheStack() throws Exception {
        try {
            if (stack != null) {
                // SIGTERM, as Ctrl-C or a process manager would: a clean stop, everything gone
                assertThat(stack.stop(LocalRun.STOP_TIMEOUT))
                        .as("./run stops cleanly after SIGTERM")
                        .isZero();
                assertThat(runOutput()).contains("[run] stopped.");
                assertThat(reachable(GATEWAY + "/"))
                        .as("gateway gone after stop")
                        .isFalse();
                // whether this run recorded the AOT caches or started from them, each service has one now, whole
                for (String module : SERVICES) {
                    try (var files = Files.list(LocalRun.ROOT.resolve(module).resolve("target/aot"))) {
                        List<String> names =
                                files.map(f -> f.getFileName().toString()).toList();
                        assertThat(names)
                                .as("%s's AOT cache", module)
                                .anyMatch(n -> n.matches("app-\\d+\\.aot"))
                                .noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".config"));
                    }
                }
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
            if (openAi != null) {
                openAi.close();
            }
        }
    }

    @Test
    @Order(1)
    void aCustomerGetsAStreamedPersonalisedAnswerThroughTheGateway() throws Exception {
        String carlos = login("carlos.diaz@example.com");
        String conversation =
                post(carlos, "/api/conversations", "").get("conversationId").asString();
        SseStream stream = new SseStream(http, carlos, GATEWAY + "/api/conversations/" + conversation + "/events");
        try {
            String messageId = post(
                            carlos,
                            "/api/conversations/" + conversation + "/messages",
                            "{\"text\":\"Where are my SoundWave headphones?\"}")
                    .get("messageId")
                    .asString();

            awaitTrue(
                    Duration.ofSeconds(60),
                    () -> stream.named("assistant.completed").size() == 1,
                    "no completed reply on the customer's stream");
            List<String> deltas = stream.named("assistant.delta").stream()
                    .map(d -> json.readTree(d).get("text").asString())
                    .toList();
            // streamed in pieces (the output guard holds back at most the last 39 characters, cut at word breaks)
            assertThat(deltas).hasSizeGreaterThanOrEqualTo(2);
            assertThat(String.join("", deltas))
                    .isEqualTo("Your SoundWave ANC Headphones are in transit with ParcelPro.");
            JsonNode completed =
                    json.readTree(stream.named("assistant.completed").get(0));
            assertThat(completed.get("source").asString()).isEqualTo("llm");
            assertThat(completed.get("inReplyTo").asString()).isEqualTo(messageId);
            assertThat(completed.get("usage").get("promptTokens").asInt()).isEqualTo(400);
        } finally {
            stream.close();
        }

        // the model was asked with Carlos's own purchases, and nobody else's
        String request = openAi.requests().get(openAi.requests().size() - 1);
        assertThat(request)
                .contains("SoundWave ANC Headphones", "ORD-80455", "Carlos")
                .doesNotContain("Amira");

        awaitTrue(
                Duration.ofSeconds(20),
                () -> get(carlos, "/api/conversations/" + conversation)
                                .get("messages")
                                .size()
                        == 2,
                "the reply was not stored in the transcript");
        JsonNode transcript = get(carlos, "/api/conversations/" + conversation);
        assertThat(transcript.get("messages").get(1).get("role").asString()).isEqualTo("assistant");
        assertThat(transcript.get("messages").get(1).get("source").asString()).isEqualTo("llm");
    }

    /**
     * The knowledge base through the gateway: the demo articles are there; the model is given the right passage,
     * its answer cites it, the citation reaches the customer's stream and the transcript, and the customer can open
     * the source; an article an admin adds is found by the very next question.
     */
    @Test
    @Order(2)
    void answersCiteTheShopsArticlesAndAnAdminsNewArticleIsFoundAtOnce() throws Exception {
        String admin = login("admin@example.com");
        assertThat(get(admin, "/api/knowledge/articles?size=1").get("total").asInt())
                .isGreaterThanOrEqualTo(40);

        openAi.replyWith(List.of("You have 30 days ", "from delivery to return them [1]."), 400, 12);
        String carlos = login("carlos.diaz@example.com");
        String conversation =
                post(carlos, "/api/conversations", "").get("conversationId").asString();
        SseStream stream = new SseStream(http, carlos, GATEWAY + "/api/conversations/" + conversation + "/events");
        JsonNode completed;
        try {
            post(
                    carlos,
                    "/api/conversations/" + conversation + "/messages",
                    "{\"text\":\"How long do I have to return my SoundWave headphones?\"}");
            awaitTrue(
                    Duration.ofSeconds(60),
                    () -> stream.named("assistant.completed").size() == 1,
                    "no completed reply on the customer's stream");
            completed = json.readTree(stream.named("assistant.completed").get(0));
        } finally {
            stream.close();
        }
        JsonNode citation = completed.get("citations").get(0);
        assertThat(citation.get("n").asInt()).isEqualTo(1);
        assertThat(citation.get("title").asString()).containsIgnoringCase("return");
        String request = openAi.requests().get(openAi.requests().size() - 1);
        assertThat(request)
                .contains("Knowledge articles", "[1] " + citation.get("title").asString());
        assertThat(request).doesNotContain("INTERNAL - agents only");
        awaitTrue(
                Duration.ofSeconds(20),
                () -> get(carlos, "/api/conversations/" + conversation)
                                .get("messages")
                                .size()
                        == 2,
                "the reply was not stored in the transcript");
        assertThat(get(carlos, "/api/conversations/" + conversation)
                        .get("messages")
                        .get(1)
                        .get("citations")
                        .get(0)
                        .get("articleId")
                        .asString())
                .isEqualTo(citation.get("articleId").asString());
        JsonNode source = get(
                carlos, "/api/knowledge/articles/" + citation.get("articleId").asString());
        assertThat(source.get("visibility").asString()).isEqualTo("public");

        // an admin adds an article through the gateway; the next question is answered from it
        HttpResponse<String> created = send(admin, "POST", "/api/knowledge/articles", """
                {"title":"Engraving service","language":"en","visibility":"public","body":"## Engraving\\nSMART \
                Shop engraves any UltraBook lid with up to 20 characters for 15 dollars; engraved laptops cannot be \
                returned unless faulty."}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String engraving = json.readTree(created.body()).get("id").asString();
        openAi.replyWith(List.of("Yes, for 15 dollars [1]."), 400, 6);
        String second =
                post(carlos, "/api/conversations", "").get("conversationId").asString();
        post(carlos, "/api/conversations/" + second + "/messages", "{\"text\":\"Can you engrave my UltraBook?\"}");
        awaitTrue(
                Duration.ofSeconds(60),
                () -> get(carlos, "/api/conversations/" + second)
                                .get("messages")
                                .size()
                        == 2,
                "no answer to the engraving question");
        assertThat(get(carlos, "/api/conversations/" + second)
                        .get("messages")
                        .get(1)
                        .get("citations")
                        .get(0)
                        .get("articleId")
                        .asString())
                .isEqualTo(engraving);
        assertThat(send(admin, "DELETE", "/api/knowledge/articles/" + engraving, null)
                        .statusCode())
                .isEqualTo(204);
        openAi.replyWith(List.of("Your SoundWave ANC Headphones ", "are in transit ", "with ParcelPro."), 400, 12);
    }

    @Test
    @Order(2)
    void customersSeeOnlyTheirOwnDataAndBadRequestsGetProblems() throws Exception {
        String carlos = login("carlos.diaz@example.com");
        String amira = login("amira.haddad@example.com");
        String conversation =
                post(carlos, "/api/conversations", "").get("conversationId").asString();

        assertThat(get(amira, "/api/profiles/me").get("account").get("email").asString())
                .isEqualTo("amira.haddad@example.com");
        // any of the 50 demo customers can log in and sees their own profile
        String olivia = login("olivia.bennett@example.com");
        assertThat(get(olivia, "/api/profiles/me")
                        .get("account")
                        .get("accountNumber")
                        .asString())
                .isEqualTo("ACC-300001");
        assertThat(send(olivia, "GET", "/api/profiles/cus_8f3a2c19d0e4", null).statusCode())
                .isEqualTo(404);
        HttpResponse<String> foreign = send(amira, "GET", "/api/conversations/" + conversation, null);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> anonymous = send(null, "GET", "/api/conversations", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> malformed =
                send(carlos, "POST", "/api/conversations/" + conversation + "/messages", "{\"text\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"status\":400").doesNotContain("Exception");

        HttpResponse<String> wrongPassword =
                send(null, "POST", "/api/auth/login", "{\"email\":\"carlos.diaz@example.com\",\"password\":\"nope\"}");
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void aCustomerIsHandedToAHumanAgentAndTheyTalkLiveUntilTheCaseIsClosedAndRated() throws Exception {
        String carlos = login("carlos.diaz@example.com");
        String agent = login("agent.lee@example.com");
        String conversation =
                post(carlos, "/api/conversations", "").get("conversationId").asString();
        SseStream customer = new SseStream(http, carlos, GATEWAY + "/api/conversations/" + conversation + "/events");
        SseStream console = new SseStream(http, agent, GATEWAY + "/api/escalations/events");
        try {
            assertThat(send(carlos, "GET", "/api/escalations", null).statusCode())
                    .isEqualTo(403);
            HttpResponse<String> escalated = send(
                    carlos,
                    "POST",
                    "/api/conversations/" + conversation + "/escalate",
                    "{\"reason\":\"I'd like to talk to a person\"}");
            assertThat(escalated.statusCode()).isEqualTo(202);
            awaitTrue(
                    Duration.ofSeconds(30),
                    () -> !customer.named("handoff.queued").isEmpty(),
                    "the customer was not told their place in the queue");

            // the agent comes online: the fair assignment gives them the case
            assertThat(post(agent, "/api/agents/me/presence", "{\"status\":\"online\"}")
                            .get("status")
                            .asString())
                    .isEqualTo("online");
            awaitTrue(
                    Duration.ofSeconds(30),
                    () -> console.named("case.assigned").stream().anyMatch(d -> d.contains(conversation)),
                    "the case was not assigned to the agent");
            String escalation = "esc_" + conversation;
            // the hand-off packet: profile, transcript and summary, read with the agent's own token
            JsonNode packet = get(agent, "/api/escalations/" + escalation + "/packet");
            assertThat(packet.get("profile").get("account").get("email").asString())
                    .isEqualTo("carlos.diaz@example.com");
            assertThat(packet.get("summary").get("nextStep").asString()).isNotBlank();
            assertThat(packet.get("unavailable").size()).isZero();
            post(agent, "/api/escalations/" + escalation + "/accept", "");
            awaitTrue(
                    Duration.ofSeconds(30),
                    () -> !customer.named("agent.joined").isEmpty(),
                    "the customer did not see the agent join");

            // the customer writes: the agent sees it and the assistant stays silent
            post(carlos, "/api/conversations/" + conversation + "/messages", "{\"text\":\"Are you a person?\"}");
            awaitTrue(
                    Duration.ofSeconds(30),
                    () -> console.named("customer.message").stream().anyMatch(d -> d.contains("Are you a person?")),
                    "the agent did not see the customer's message");
            post(agent, "/api/escalations/" + escalation + "/messages", "{\"text\":\"Yes, Jordan here.\"}");
            awaitTrue(
                    Duration.ofSeconds(30),
                    () -> customer.named("agent.message").stream().anyMatch(d -> d.contains("Jordan here")),
                    "the customer did not get the agent's reply");

            post(agent, "/api/escalations/" + escalation + "/close", "{\"resolution\":\"Answered by phone\"}");
            awaitTrue(
                    Duration.ofSeconds(30),
                    () -> !customer.named("conversation.closed").isEmpty(),
                    "the customer was not told the conversation closed");
            awaitTrue(
                    Duration.ofSeconds(30),
                    () -> status(carlos, "POST", "/api/conversations/" + conversation + "/feedback", "{\"rating\":5}")
                            == 200,
                    "the customer could not rate");

            JsonNode transcript = get(carlos, "/api/conversations/" + conversation);
            assertThat(transcript.get("status").asString()).isEqualTo("CLOSED");
            assertThat(transcript.toString()).contains("Yes, Jordan here.", "joined the conversation");
            assertThat(customer.named("assistant.completed"))
                    .as("the assistant stayed silent")
                    .isEmpty();
            // the closed case lands in the customer's support history
            awaitTrue(
                    Duration.ofSeconds(30),
                    () -> get(carlos, "/api/profiles/me").toString().contains("Answered by phone"),
                    "the case did not reach the support history");
        } finally {
            customer.close();
            console.close();
            send(agent, "POST", "/api/agents/me/presence", "{\"status\":\"away\"}");
        }
    }

    /**
     * The web client in Debian's Chromium (gateway-service/web/e2e, Playwright): a customer's streamed answer,
     * the hand-off, an agent accepting, replying and closing, the customer seeing the reply and rating; keyboard
     * only, a phone-sized screen, reduced motion. The model streams slowly here so the test can see the reply
     * grow token by token.
     */
    @Test
    @Order(4)
    void theWebClientWorksEndToEndInARealBrowser() throws Exception {
        // "[1]" cites the first article of the prompt, when the knowledge base gave it one (the sources the
        // browser test opens)
        List<String> chunks = List.of(
                "Your SoundWave ",
                "ANC Headphones ",
                "are in transit ",
                "with ParcelPro ",
                "and arrive ",
                "on Friday [1].");
        // a model with tools for what a customer plainly asks (e2e/actions.spec.ts gets its return card), the slow
        // chunks for everything else; both stream slowly
        ScriptedModel scripted = new ScriptedModel();
        openAi.respond((call, body) -> scripted.answer(body)
                .orElseGet(() -> FakeOpenAi.stream(chunks, 400, 12))
                .throttleBody(256, 120, TimeUnit.MILLISECONDS));
        Path log = dataDir.resolve("browser-e2e.out");
        ProcessBuilder pb = new ProcessBuilder("npm", "run", "e2e")
                .directory(ROOT.resolve("gateway-service/web").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("BASE_URL", GATEWAY);
        pb.environment().put("E2E_MIN_STREAM_STATES", "3");
        pb.environment().put("CI", "1");
        try {
            Process e2e = pb.start();
            boolean done = e2e.waitFor(6, TimeUnit.MINUTES);
            if (!done) {
                e2e.descendants().forEach(ProcessHandle::destroyForcibly);
                e2e.destroyForcibly();
            }
            String out = Files.readString(log);
            System.out.println(out);
            assertThat(done)
                    .as("browser tests finished within 6 minutes:%n%s", out)
                    .isTrue();
            assertThat(e2e.exitValue()).as("browser tests passed:%n%s", out).isZero();
            assertThat(out).contains("passed").doesNotContain("skipped");
        } finally {
            openAi.replyWith(List.of("Your SoundWave ANC Headphones ", "are in transit ", "with ParcelPro."), 400, 12);
        }
    }

    /**
     * What operators get: a real Prometheus (Debian's package) scrapes every service with deploy/prometheus's
     * config and alert rules; every target is up, the key series of each concern exist and carry the application
     * label, no alert fires on a healthy system; events carry a W3C traceparent; logs are JSON with trace ids.
     */
    @Test
    @Order(5)
    void operatorsSeeEveryServiceAndTheKeySeriesInPrometheus() throws Exception {
        Path promDir = dataDir.resolve("prometheus");
        Files.createDirectories(promDir);
        String config = Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"));
        for (int port = 8081; port <= 8085; port++) {
            config = config.replace("127.0.0.1:" + port, "127.0.0.1:" + (port + OFFSET));
        }
        Files.writeString(promDir.resolve("prometheus.yml"), config);
        Files.copy(ROOT.resolve("deploy/prometheus/alerts.yml"), promDir.resolve("alerts.yml"));
        int promPort = 9090 + OFFSET;
        String prometheusBinary = System.getenv().getOrDefault("PROMETHEUS_BIN", "prometheus");
        Process prometheus = new ProcessBuilder(
                        prometheusBinary,
                        "--config.file=" + promDir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + promDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true)
                .redirectOutput(promDir.resolve("prometheus.out").toFile())
                .start();
        String api = "http://127.0.0.1:" + promPort + "/api/v1/";
        try {
            awaitTrue(
                    Duration.ofSeconds(60),
                    () -> {
                        JsonNode targets = promGet(api + "targets");
                        if (targets == null) {
                            return false;
                        }
                        JsonNode active = targets.get("data").get("activeTargets");
                        long up = 0;
                        for (JsonNode t : active) {
                            up += "up".equals(t.get("health").asString()) ? 1 : 0;
                        }
                        return active.size() == 5 && up == 5;
                    },
                    "Prometheus sees all five services up: " + promGet(api + "targets"));

            // a reply, a rating, a hand-off, actions and outcomes have happened in the tests before: every concern has
            // its series
            List<String> series = List.of(
                    "smart_llm_request_seconds_count",
                    "smart_llm_time_to_first_token_seconds_count",
                    "smart_llm_tokens_total",
                    "smart_llm_cost_usd_total",
                    "smart_llm_replies_total",
                    "resilience4j_circuitbreaker_state",
                    "resilience4j_retry_calls_total",
                    "resilience4j_bulkhead_available_concurrent_calls",
                    "smart_conversation_messages_total",
                    "smart_sse_streams_active",
                    "smart_reply_latency_seconds_count",
                    "smart_handoff_queue_depth",
                    "smart_handoff_wait_seconds_count",
                    "smart_agents_online",
                    "smart_agent_active_cases",
                    "smart_csat_rating_count",
                    // outcomes: the agent closed a case (3), the browser customer said the answer solved it (4)
                    "smart_conversation_outcomes_total{outcome=\"RESOLVED_BY_AGENT\",basis=\"CONFIRMED\"}",
                    "smart_conversation_outcomes_total{outcome=\"RESOLVED_BY_ASSISTANT\",basis=\"CONFIRMED\"}",
                    // actions: the browser customer confirmed a return and declined the next proposal (4)
                    "smart_llm_actions_proposed_total{kind=\"start_return\"}",
                    "smart_actions_total{kind=\"start_return\",step=\"completed\"}",
                    "smart_actions_total{kind=\"start_return\",step=\"declined\"}",
                    "kafka_consumer_fetch_manager_records_lag_max",
                    "http_server_requests_seconds_count",
                    "jvm_memory_used_bytes");
            for (String name : series) {
                awaitTrue(
                        Duration.ofSeconds(30),
                        () -> {
                            JsonNode r =
                                    promGet(api + "query?query=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
                            return r != null
                                    && r.get("data").get("result").size() > 0
                                    && r.get("data")
                                            .get("result")
                                            .get(0)
                                            .get("metric")
                                            .has("application");
                        },
                        "series " + name + " with an application label");
            }
            JsonNode rules = promGet(api + "rules?type=alert");
            int alertRules = 0;
            for (JsonNode group : rules.get("data").get("groups")) {
                alertRules += group.get("rules").size();
            }
            assertThat(alertRules).as("alert rules loaded").isGreaterThanOrEqualTo(8);
            JsonNode firing = promGet(api + "query?query=ALERTS%7Balertname%3D%22SmartServiceDown%22%7D");
            assertThat(firing.get("data").get("result").size())
                    .as("no service is down")
                    .isZero();
        } finally {
            prometheus.destroy();
            prometheus.waitFor(20, TimeUnit.SECONDS);
        }

        // events carry the trace context, so one trace follows a message from HTTP through Kafka
        Properties consumerProps = new Properties();
        consumerProps.put("bootstrap.servers", "127.0.0.1:" + (9092 + OFFSET));
        consumerProps.put("group.id", "e2e-trace-check-" + System.nanoTime());
        consumerProps.put("auto.offset.reset", "earliest");
        consumerProps.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        consumerProps.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        try (var consumer = new KafkaConsumer<String, String>(consumerProps)) {
            consumer.subscribe(List.of("chat.customer-messages"));
            List<String> traceparents = new ArrayList<>();
            long until = System.currentTimeMillis() + 20_000;
            while (traceparents.isEmpty() && System.currentTimeMillis() < until) {
                for (var record : consumer.poll(Duration.ofSeconds(1))) {
                    var header = record.headers().lastHeader("traceparent");
                    if (header != null) {
                        traceparents.add(new String(header.value(), StandardCharsets.UTF_8));
                    }
                }
            }
            assertThat(traceparents)
                    .as("customer message events carry a W3C traceparent")
                    .isNotEmpty();
            assertThat(traceparents.get(0)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        }

        // logs are one JSON object per line, with the trace id of the request or event being handled
        List<String> lines = Files.readAllLines(dataDir.resolve("logs/conversation-service.log"));
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("{")) {
                records.add(json.readTree(line));
            }
        }
        assertThat(records).as("JSON log records").isNotEmpty();
        assertThat(records).anySatisfy(r -> assertThat(r.toString()).containsPattern("\"trace(Id|\\.id)\""));
    }

    static JsonNode promGet(String url) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? json.readTree(r.body()) : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    @Test
    @Order(6)
    void aServiceThatDiesIsRestartedAndNoMessageIsLost() throws Exception {
        stack.kill("llm-service"); // kill -9
        awaitTrue(
                Duration.ofSeconds(20),
                () -> runOutput().contains("llm-service exited"),
                "./run did not notice llm-service died");

        // a message sent while llm-service is down waits in Kafka and is answered after the restart
        String carlos = login("carlos.diaz@example.com");
        String conversation =
                post(carlos, "/api/conversations", "").get("conversationId").asString();
        post(carlos, "/api/conversations/" + conversation + "/messages", "{\"text\":\"Any news on my order?\"}");

        awaitTrue(
                Duration.ofSeconds(120),
                () -> get(carlos, "/api/conversations/" + conversation)
                                .get("messages")
                                .size()
                        == 2,
                "the message was not answered after llm-service restarted");
        assertThat(runOutput()).contains("restarting");
    }

    /**
     * Secrets a customer pastes, or an attacker sends, are never written where operators, the model
     * provider or a replay tool can read them. Seeds unique, real-looking secrets through the gateway (Luhn-valid
     * card numbers in five formats, passwords in four languages, a Bearer token, a JWT, OpenAI keys, a failed
     * login's password, bogus and forged Bearer tokens, an escalation reason) and one poison record straight into
     * Kafka, then reads every log file, every service's /actuator/prometheus, every record of every dead-letter
     * topic and every request the model received: none may hold a raw secret (nor a card's bare digits).
     */
    @Test
    @Order(7)
    void seededSecretsNeverReachLogsMetricsDeadLettersOrModelRequests() throws Exception {
        SecureRandom rnd = new SecureRandom();
        String nonce = alnum(rnd, 10).toLowerCase(Locale.ROOT);
        Map<String, String> secrets = new LinkedHashMap<>(); // what must never leave: label -> raw text
        // cards: each as written and as bare digits
        String visa = card(rnd, "4", 16), mastercard = card(rnd, "5" + (1 + rnd.nextInt(5)), 16);
        String visaPlain = card(rnd, "4", 16), amex = card(rnd, "37", 15), amexPlain = card(rnd, "34", 15);
        String visaSpaced = group(visa, " ", 4, 4, 4, 4), mastercardDashed = group(mastercard, "-", 4, 4, 4, 4);
        String amexSpaced = group(amex, " ", 4, 6, 5);
        putCard(secrets, "visa 16 spaced", visaSpaced);
        putCard(secrets, "mastercard 16 dashed", mastercardDashed);
        putCard(secrets, "visa 16 plain", visaPlain);
        putCard(secrets, "amex 15 spaced", amexSpaced);
        putCard(secrets, "amex 15 plain", amexPlain);
        String password = "Pw" + alnum(rnd, 14), contrasena = "Cl" + alnum(rnd, 14);
        String motDePasse = "Mdp" + alnum(rnd, 13), passwort = "Pwt" + alnum(rnd, 13);
        secrets.put("password (en)", password);
        secrets.put("password (es)", contrasena);
        secrets.put("password (fr)", motDePasse);
        secrets.put("password (de)", passwort);
        String bearer = alnum(rnd, 40);
        secrets.put("bearer token", bearer);
        String jwtPayload = b64url("{\"sub\":\"cus_" + nonce + "\",\"iss\":\"https://idp.example.com\",\"exp\":"
                + (System.currentTimeMillis() / 1000 + 3600) + "}");
        String jwtSignature = b64url(alnum(rnd, 32));
        String jwt = b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + jwtPayload + "." + jwtSignature;
        secrets.put("jwt", jwt);
        secrets.put("jwt payload", jwtPayload);
        secrets.put("jwt signature", jwtSignature);
        String openAiKey = "sk-" + alnum(rnd, 48);
        String projectKey = "sk-proj-" + alnum(rnd, 24) + "_" + alnum(rnd, 20) + "-" + alnum(rnd, 12);
        secrets.put("api key sk-", openAiKey);
        secrets.put("api key sk-proj-", projectKey);
        String loginPassword = "Login" + alnum(rnd, 14);
        secrets.put("failed login password", loginPassword);
        String bogusBearer = alnum(rnd, 36);
        secrets.put("bogus bearer token", bogusBearer);
        String forgedSignature = b64url(alnum(rnd, 40));
        String forgedJwt = b64url("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"forged-" + nonce + "\"}") + "."
                + b64url("{\"sub\":\"cus_8f3a2c19d0e4\",\"iss\":\"smart-support\",\"aud\":\"smart-support\",\"exp\":"
                        + (System.currentTimeMillis() / 1000 + 3600) + ",\"roles\":[\"agent\"]}")
                + "." + forgedSignature;
        secrets.put("forged jwt", forgedJwt);
        secrets.put("forged jwt signature", forgedSignature);
        String escalationCard = card(rnd, "4", 16), escalationPassword = "Esc" + alnum(rnd, 13);
        putCard(secrets, "escalation reason card", group(escalationCard, " ", 4, 4, 4, 4));
        secrets.put("escalation reason password", escalationPassword);
        String poisonCard = card(rnd, "5" + (1 + rnd.nextInt(5)), 16), poisonBearer = alnum(rnd, 40);
        String poisonPassword = "Poison" + alnum(rnd, 12), poisonKey = "sk-" + alnum(rnd, 48);
        String poisonHeaderToken = alnum(rnd, 40);
        putCard(secrets, "poison record card", group(poisonCard, " ", 4, 4, 4, 4));
        secrets.put("poison record bearer", poisonBearer);
        secrets.put("poison record password", poisonPassword);
        secrets.put("poison record api key", poisonKey);
        secrets.put("poison record header token", poisonHeaderToken);

        // 1. chat messages through the gateway, as a demo customer; each is answered by the (fake) model
        String carlos = login("carlos.diaz@example.com");
        String conversation =
                post(carlos, "/api/conversations", "").get("conversationId").asString();
        List<String> messages = List.of(
                "[seed-" + nonce + "-1] Please put my order on the card " + visaSpaced + ", or on " + mastercardDashed
                        + " (exp 09/29, CVV 123), or " + visaPlain + " if those do not go through.",
                "[seed-" + nonce + "-2] My Amex is " + amexSpaced + " and the company one " + amexPlain
                        + ". By the way my password is " + password + " and mi contraseña es " + contrasena + ".",
                "[seed-" + nonce + "-3] The app shows Authorization: Bearer " + bearer + " and this token " + jwt
                        + " on the order page.",
                "[seed-" + nonce + "-4] I pasted my API keys " + openAiKey + " and " + projectKey
                        + " here by accident. Mon mot de passe est " + motDePasse + ", mein Passwort ist " + passwort
                        + ".");
        for (int i = 0; i < messages.size(); i++) {
            post(
                    carlos,
                    "/api/conversations/" + conversation + "/messages",
                    "{\"text\":" + json.writeValueAsString(messages.get(i)) + "}");
            int expected = 2 * (i + 1);
            awaitTrue(
                    Duration.ofSeconds(60),
                    () -> get(carlos, "/api/conversations/" + conversation)
                                    .get("messages")
                                    .size()
                            >= expected,
                    "seeded message " + (i + 1) + " was not answered");
        }
        // the customer's own transcript is theirs to see: the secrets did enter the system
        String transcript = get(carlos, "/api/conversations/" + conversation).toString();
        assertThat(transcript)
                .contains(
                        visaSpaced,
                        mastercardDashed,
                        visaPlain,
                        amexSpaced,
                        amexPlain,
                        password,
                        contrasena,
                        motDePasse,
                        passwort,
                        bearer,
                        jwt,
                        openAiKey,
                        projectKey);

        // 2. a failed login, a bogus and a forged Bearer token
        HttpResponse<String> failedLogin = send(
                null,
                "POST",
                "/api/auth/login",
                "{\"email\":\"carlos.diaz@example.com\",\"password\":\"" + loginPassword + "\"}");
        assertThat(failedLogin.statusCode()).isEqualTo(401);
        assertThat(send(bogusBearer, "GET", "/api/conversations", null).statusCode())
                .isEqualTo(401);
        assertThat(send(forgedJwt, "GET", "/api/profiles/me", null).statusCode())
                .isEqualTo(401);

        // 3. an escalation whose reason holds a card and a password; an agent takes it and reads the hand-off
        // packet (whose summary is a model request over the transcript), then closes it
        HttpResponse<String> escalated = send(
                carlos,
                "POST",
                "/api/conversations/" + conversation + "/escalate",
                "{\"reason\":\"Please call me about card " + group(escalationCard, " ", 4, 4, 4, 4)
                        + ", my password is " + escalationPassword + "\"}");
        assertThat(escalated.statusCode()).isEqualTo(202);
        // whichever agent is online gets it (an earlier test may have left one online): any of them may be the one
        String lee = login("agent.lee@example.com");
        List<String> agents = List.of(lee, login("agent.kim@example.com"), login("agent.rossi@example.com"));
        String escalation = "esc_" + conversation;
        try {
            post(lee, "/api/agents/me/presence", "{\"status\":\"online\"}");
            String[] assignee = new String[1];
            awaitTrue(
                    Duration.ofSeconds(60),
                    () -> {
                        for (String agent : agents) {
                            if (status(agent, "GET", "/api/escalations/" + escalation + "/packet", null) == 200) {
                                assignee[0] = agent;
                                return true;
                            }
                        }
                        return false;
                    },
                    "the seeded escalation was not assigned to an agent");
            post(assignee[0], "/api/escalations/" + escalation + "/accept", "");
            post(
                    assignee[0],
                    "/api/escalations/" + escalation + "/close",
                    "{\"resolution\":\"Card updated by phone\"}");
        } finally {
            send(lee, "POST", "/api/agents/me/presence", "{\"status\":\"away\"}");
        }

        // 4. a poison record (not a valid event envelope) straight into a topic the services consume
        String poisonKeyId = "seed-" + nonce + "-poison";
        Properties producerProps = new Properties();
        producerProps.put("bootstrap.servers", "127.0.0.1:" + (9092 + OFFSET));
        producerProps.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        producerProps.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        try (var producer = new KafkaProducer<String, String>(producerProps)) {
            var poison = new ProducerRecord<>(
                    "chat.customer-messages",
                    poisonKeyId,
                    "{\"eventId\":\"" + poisonKeyId + "\",\"type\":\"customer.message.posted\",\"version\":\""
                            + poisonCard + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"payload\":{\"text\":\"card "
                            + group(poisonCard, " ", 4, 4, 4, 4) + " token Bearer " + poisonBearer + " password="
                            + poisonPassword + " key " + poisonKey + "\"}}");
            poison.headers().add("authorization", ("Bearer " + poisonHeaderToken).getBytes(UTF_8));
            producer.send(poison).get(10, TimeUnit.SECONDS);
        }
        awaitTrue(
                Duration.ofSeconds(60),
                () -> deadLetters().stream().anyMatch(r -> poisonKeyId.equals(r.key())),
                "the poison record did not reach chat.customer-messages.DLT");
        Thread.sleep(3_000); // every consumer group of the topic parks its own copy

        // what the system received and produced, everywhere an operator or a third party could read it
        List<String[]> findings = new ArrayList<>(); // where, what
        List<Path> logFiles;
        try (var files = Files.walk(dataDir.resolve("logs"))) {
            logFiles =
                    new ArrayList<>(files.filter(Files::isRegularFile).sorted().toList());
        }
        logFiles.add(output); // ./run's own console
        long logLines = 0;
        for (Path file : logFiles) {
            List<String> lines =
                    new String(Files.readAllBytes(file), UTF_8).lines().toList();
            logLines += lines.size();
            for (int i = 0; i < lines.size(); i++) {
                scan(secrets, dataDir.relativize(file) + ":" + (i + 1), lines.get(i), findings);
            }
        }
        assertThat(logFiles.stream().map(f -> f.getFileName().toString()))
                .contains(
                        "profile-service.log",
                        "conversation-service.log",
                        "llm-service.log",
                        "escalation-service.log",
                        "gateway-service.log",
                        "kafka.log",
                        "mongo.log");
        assertThat(String.join("\n", Files.readAllLines(dataDir.resolve("logs/llm-service.log"))))
                .as("the poison record's dead-lettering was logged")
                .contains("goes to the dead-letter topic");

        // each service runs from its AOT cache, or records it (the first run after a build)
        for (String module : SERVICES) {
            assertThat(stack.commandLine(module))
                    .as("%s's JVM", module)
                    .containsPattern("-XX:AOTCache(Output)?=\\S*/" + module + "/target/aot/app-\\d+\\.aot");
        }

        long metricLines = 0;
        for (int port : List.of(8081, 8082, 8083, 8084, 8085)) {
            HttpResponse<String> scrape = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (port + OFFSET) + "/actuator/prometheus"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode())
                    .as("/actuator/prometheus on %d", port + OFFSET)
                    .isEqualTo(200);
            // the whole health (not only readiness) tells the truth on the embedded MongoDB-wire server too
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (port + OFFSET) + "/actuator/health"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode())
                    .as("/actuator/health on %d: %s", port + OFFSET, health.body())
                    .isEqualTo(200);
            assertThat(health.body())
                    .startsWith("{")
                    .contains("\"status\":\"UP\"")
                    .doesNotContain("DOWN");
            if (port != 8085) { // every service but the gateway has a database, and its health says it answers
                assertThat(health.body()).contains("\"mongo\":{\"status\":\"UP\"");
            }
            assertThat(scrape.body()).contains("jvm_memory_used_bytes");
            metricLines += scrape.body().lines().count();
            scan(secrets, "metrics :" + (port + OFFSET), scrape.body(), findings);
        }

        List<ConsumerRecord<String, String>> dlt = deadLetters();
        List<String> dltTopics =
                dlt.stream().map(r -> r.topic()).distinct().sorted().toList();
        for (var r : dlt) {
            String where = r.topic() + "-" + r.partition() + "@" + r.offset();
            scan(secrets, where + " key", r.key(), findings);
            scan(secrets, where + " value", r.value(), findings);
            for (var h : r.headers()) {
                scan(
                        secrets,
                        where + " header " + h.key(),
                        h.value() == null ? null : new String(h.value(), UTF_8),
                        findings);
            }
        }
        List<ConsumerRecord<String, String>> poisoned =
                dlt.stream().filter(r -> poisonKeyId.equals(r.key())).toList();
        assertThat(poisoned)
                .as("the poison record on the dead-letter topic")
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.value()).contains(poisonKeyId));

        List<String> modelRequests = openAi.requests();
        for (int i = 0; i < modelRequests.size(); i++) {
            scan(secrets, "model request " + (i + 1), modelRequests.get(i), findings);
        }
        for (int i = 1; i <= messages.size(); i++) {
            String marker = "seed-" + nonce + "-" + i;
            assertThat(modelRequests)
                    .as("seeded message %d reached the model", i)
                    .anySatisfy(r -> assertThat(r).contains(marker));
        }

        System.out.printf(
                "PII check: %d seeded secrets; %d log files, %d log lines; %d metric lines from 5 "
                        + "endpoints; %d dead-letter records in %s (%d copies of the poison record); %d model requests; "
                        + "%d findings%n",
                secrets.size(),
                logFiles.size(),
                logLines,
                metricLines,
                dlt.size(),
                dltTopics,
                poisoned.size(),
                modelRequests.size(),
                findings.size());
        assertThat(findings.stream().map(f -> f[1] + " in " + f[0]).toList())
                .as("raw secrets found in logs, metrics, dead-letter records or model requests")
                .isEmpty();
    }

    /**
     * The assistant's actions, τ-bench style: every task of the action task set ({@code action-tasks.json}: returns,
     * plan pauses and cancellations, contact preferences, reads, declined cards, injections, two actions in one
     * conversation, asking for a person) once, through the gateway, with {@link ScriptedModel} as the model; each
     * task's final data must be as expected and nothing else may have changed. Last: the tasks' hand-offs queue
     * cases, which the tests before would find in the agents' queue.
     */
    @Test
    @Order(8)
    void theAssistantsActionsPassTheTaskSetWithAScriptedModel() throws Exception {
        List<String> chunks = List.of("Your SoundWave ANC Headphones ", "are in transit ", "with ParcelPro.");
        openAi.respond(new ScriptedModel((call, body) -> FakeOpenAi.stream(chunks, 400, 12)));
        try {
            List<ActionTask> tasks = ActionTask.load();
            // -Dsmart.e2e.action-trials=4: pass^4, which also shows that each trial puts the data back
            int trials = Integer.getInteger("smart.e2e.action-trials", 1);
            ActionTasks.Report report = new ActionTasks(stack, Duration.ofSeconds(60)).run(tasks, trials);
            String text = report.text("the scripted model");
            System.out.print(text);
            assertThat(tasks).hasSizeGreaterThanOrEqualTo(40);
            assertThat(report.failures()).as("failed tasks:%n%s", text).isEmpty();

            // the harness itself fails what it should: a model that never calls a tool does not start the return,
            // and a customer who confirms the card the task declines changes what must stay
            ActionTasks harness = new ActionTasks(stack, Duration.ofSeconds(60));
            openAi.replyWith(chunks, 400, 12);
            ActionTasks.Trial noTools = harness.trial(task(tasks, "return-changed-mind"), 1);
            assertThat(noTools.passed()).isFalse();
            assertThat(noTools.reason()).contains("no return was started");
            openAi.respond(new ScriptedModel((call, body) -> FakeOpenAi.stream(chunks, 400, 12)));
            ActionTasks.Trial confirmed =
                    harness.trial(task(tasks, "return-declined").confirming(List.of("*")), 1);
            assertThat(confirmed.passed()).isFalse();
            assertThat(confirmed.reason()).contains("unexpected change to the customer's profile", "returns");
            ActionTasks.Trial other =
                    harness.trial(task(tasks, "contact-declined").confirming(List.of("*")), 1);
            assertThat(other.reason()).contains("contactChannel: \"chat\" -> \"phone\"");
        } finally {
            openAi.replyWith(chunks, 400, 12);
        }
    }

    static ActionTask task(List<ActionTask> tasks, String id) {
        return tasks.stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no task " + id));
    }

    /** Every record of every dead-letter topic, from the beginning. */
    static List<ConsumerRecord<String, String>> deadLetters() {
        try {
            return stack.readToEnd(t -> t.endsWith(".DLT"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds a finding for every seeded secret the text holds verbatim. */
    static void scan(Map<String, String> secrets, String where, String text, List<String[]> findings) {
        if (text == null) {
            return;
        }
        secrets.forEach((label, secret) -> {
            if (text.contains(secret)) {
                findings.add(new String[] {where, label});
            }
        });
    }

    static void putCard(Map<String, String> secrets, String label, String written) {
        secrets.put(label, written);
        secrets.put(label + " (digits only)", written.replaceAll("[ -]", ""));
    }

    /** A Luhn-valid card number of this length starting with this prefix. */
    static String card(Random rnd, String prefix, int length) {
        StringBuilder b = new StringBuilder(prefix);
        while (b.length() < length - 1) {
            b.append(rnd.nextInt(10));
        }
        for (int check = 0; check <= 9; check++) {
            String candidate = b.toString() + check;
            int sum = 0;
            for (int i = 0; i < candidate.length(); i++) {
                int d = candidate.charAt(candidate.length() - 1 - i) - '0';
                if (i % 2 == 1) {
                    d = d * 2 > 9 ? d * 2 - 9 : d * 2;
                }
                sum += d;
            }
            if (sum % 10 == 0) {
                return candidate;
            }
        }
        throw new IllegalStateException("no check digit");
    }

    static String group(String digits, String separator, int... sizes) {
        StringBuilder b = new StringBuilder();
        int at = 0;
        for (int size : sizes) {
            b.append(b.isEmpty() ? "" : separator).append(digits, at, at + size);
            at += size;
        }
        return b.toString();
    }

    static String alnum(Random rnd, int length) {
        String chars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(chars.charAt(rnd.nextInt(chars.length())));
        }
        return b.toString();
    }

    static String b64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(UTF_8));
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    static String login(String email) throws Exception {
        return stack.login(email);
    }

    static JsonNode post(String token, String path, String body) throws Exception {
        HttpResponse<String> r = send(token, "POST", path, body);
        assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isBetween(200, 299);
        return json.readTree(r.body());
    }

    static JsonNode get(String token, String path) {
        try {
            return stack.get(token, path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> send(String token, String method, String path, String body)
            throws IOException, InterruptedException {
        return stack.send(token, method, path, body, Map.of());
    }

    /** The status of a call, or -1 if it could not be made (for use inside polling lambdas). */
    static int status(String token, String method, String path, String body) {
        try {
            return send(token, method, path, body).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static boolean reachable(String url) {
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static String runOutput() {
        return stack == null ? "" : stack.output();
    }

    static void awaitTrue(Duration timeout, BooleanSupplier condition, String message) throws InterruptedException {
        stack.awaitTrue(timeout, condition, message);
    }
}
