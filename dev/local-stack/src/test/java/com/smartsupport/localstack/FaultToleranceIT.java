package com.smartsupport.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.testsupport.FakeOpenAi;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Faults against the real system: {@code ./run} starts the broker, the MongoDB-wire server and the five services as
 * separate processes; this test kills them ({@code kill -9}), restarts the broker and pauses MongoDB while simulated
 * customers keep writing through the gateway, then checks what every customer sees: no message lost, none shown
 * twice, every one answered exactly once, in order. Clients behave as the web client does: one Idempotency-Key per
 * message, sent again unchanged when a try fails for a transient reason (network, 502/503/504).
 * Figures are printed as {@code [faults] ...} lines (recorded in docs/benchmarks.md, "Recovery and two instances").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {
    /** The services that keep their data in MongoDB (all but the gateway). */
    static final List<String> DATABASE_SERVICES =
            List.of("profile-service", "conversation-service", "llm-service", "escalation-service");

    static final int OFFSET = Integer.getInteger("smart.faults.port-offset", 2000);
    static final List<String> CUSTOMERS =
            List.of("carlos.diaz@example.com", "amira.haddad@example.com", "olivia.bennett@example.com");
    static final List<String> CHUNKS =
            List.of("Thanks for asking. ", "Your order ", "is on its way ", "and should arrive ", "within two days.");

    static FakeOpenAi openAi;
    static LocalRun stack;
    static final Map<String, String> tokens = new HashMap<>();

    @BeforeAll
    static void startTheStack() throws Exception {
        openAi = new FakeOpenAi();
        // a model that streams each reply over ~80 ms, so that a kill lands in the middle of replies
        openAi.respond(call -> FakeOpenAi.stream(CHUNKS, 300, 20).throttleBody(256, 15, TimeUnit.MILLISECONDS));
        stack = LocalRun.start(
                OFFSET,
                Map.of(
                        "OPENAI_API_KEY", "test-key",
                        "OPENAI_BASE_URL", openAi.baseUrl(),
                        // the simulated customers write much faster than people: lift the per-user rate limit
                        "SMART_MESSAGES_PER_MINUTE", "1000000",
                        "SMART_MESSAGE_BURST", "1000000",
                        // classic (default) or consumer (KIP-848), to compare how each recovers (docs/benchmarks.md)
                        "SMART_KAFKA_GROUP_PROTOCOL", System.getProperty("smart.faults.group-protocol", "classic")));
        for (String email : CUSTOMERS) {
            tokens.put(email, stack.login(email));
        }
    }

    @AfterAll
    static void stopTheStack() throws Exception {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            if (openAi != null) {
                openAi.close();
            }
        }
    }

    /**
     * kill -9 llm-service just as 10 customers have written, and 10 more write while it is down: each is answered
     * within seconds of its restart (its consumers are static group members that take their partitions back at
     * once; with Kafka's defaults the restarted instance waited out the dead one's 45 s session).
     */
    @Test
    @Order(0)
    void llmServiceKilledWithTenMessagesInFlightAnswersThemWithinSecondsOfItsRestart() throws Exception {
        List<Conversation> conversations = open(20);
        Stats stats = new Stats();
        ExecutorService customers = Executors.newFixedThreadPool(10);
        List<Future<?>> first = new ArrayList<>();
        for (Conversation c : conversations.subList(0, 10)) {
            first.add(customers.submit(() -> c.send("Where is my order, please?", stats)));
        }
        for (Future<?> f : first) {
            f.get(60, TimeUnit.SECONDS);
        }
        long killedAt = System.nanoTime();
        stack.kill("llm-service");
        for (Conversation c : conversations.subList(10, 20)) {
            c.send("And my warranty, while I am here?", stats);
        }
        customers.shutdown();
        stack.awaitReady("llm-service", Duration.ofSeconds(120));
        long readyAt = System.nanoTime();
        double restartSeconds = seconds(killedAt);
        // polled every 250 ms: 20 transcripts are cheap to read, and the figure is a few seconds
        int answered = 0;
        while (seconds(readyAt) < 60 && (answered = answered(conversations)) < 20) {
            Thread.sleep(250);
        }
        double afterReady = seconds(readyAt);
        assertThat(answered).as("all 20 answered").isEqualTo(20);
        assertAnsweredExactlyOnceInOrder(conversations);
        System.out.printf(
                "[faults] llm kill with 10 in flight and 10 written while down: ready %.1f s after the"
                        + " kill; all 20 answered %.1f s after ready (%.1f s after the kill)%n",
                restartSeconds, afterReady, seconds(killedAt));
        assertThat(afterReady)
                .as("answered within 5 s of the restarted llm-service being ready")
                .isLessThan(5.0);
    }

    /** kill -9 llm-service while 1,000 customer messages wait for answers; ./run restarts it. */
    @Test
    @Order(1)
    void llmServiceKilledWithAThousandMessagesInFlightLosesNothingAndAnswersEachOnce() throws Exception {
        List<Conversation> conversations = open(100);
        List<SseStream> streams = new ArrayList<>();
        for (Conversation c : conversations.subList(0, 10)) {
            streams.add(new SseStream(stack.http, c.token, stack.gateway + "/api/conversations/" + c.id + "/events"));
        }
        Stats stats = new Stats();
        AtomicInteger accepted = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService customers = Executors.newFixedThreadPool(16);
        List<Future<?>> work = new ArrayList<>();
        for (Conversation c : conversations) {
            work.add(customers.submit(() -> {
                for (int i = 1; i <= 10; i++) {
                    c.send("Question " + i + " about my order, please", stats);
                    accepted.incrementAndGet();
                }
                return null;
            }));
        }
        // once 300 of the messages are in and answers are flowing, kill llm-service mid-reply (at half, a fast
        // machine had answered 919 by the time the count was read: too few left in flight to prove anything)
        stack.awaitTrue(Duration.ofSeconds(120), () -> accepted.get() >= 300, "the customers could not post");
        // answers are flowing once a sample of ten conversations shows two (reading all hundred transcripts takes
        // seconds under this load, long enough for a fast machine to answer nearly everything meanwhile)
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (answered(conversations.subList(0, 10)) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long killedAt = System.nanoTime();
        stack.kill("llm-service");
        int answeredBeforeKill = answered(conversations); // nothing more is answered while it is down
        assertThat(answeredBeforeKill)
                .as("llm-service was answering when killed")
                .isBetween(2, 900);
        for (Future<?> f : work) {
            f.get(5, TimeUnit.MINUTES);
        }
        customers.shutdown();
        double postSeconds = seconds(start);
        stack.awaitReady("llm-service", Duration.ofSeconds(120));
        double restartSeconds = seconds(killedAt);
        long readyAt = System.nanoTime();
        // when answers resume, seen on the same sample of ten conversations (cheap to read every 250 ms; reading
        // all hundred takes seconds under this load and would measure itself)
        List<Conversation> sample = conversations.subList(0, 10);
        int sampleAtReady = answered(sample);
        int now = sampleAtReady;
        while (now < 100 && now == sampleAtReady && seconds(readyAt) < 60) {
            Thread.sleep(250);
            now = answered(sample);
        }
        double resumedSeconds = seconds(readyAt);

        awaitAllAnswered(conversations, Duration.ofSeconds(300));
        double allAnsweredSeconds = seconds(killedAt);
        // the 5 s target is asserted by the ten-message scenario above; here hundreds are left, answered at the
        // machine's pace, and the figure is printed (docs/benchmarks.md)
        assertAnsweredExactlyOnceInOrder(conversations);
        assertThat(stack.output()).contains("llm-service exited");

        Map<String, Integer> eventIds = new HashMap<>();
        for (String value : topic("chat.assistant-replies")) {
            eventIds.merge(LocalRun.JSON.readTree(value).get("eventId").asString(), 1, Integer::sum);
        }
        // what the customers watching live saw: each reply completed once, no text twice (each chunk starts where
        // the shown text ends), and the chunks add up to the completion unless the message was answered again
        // after the kill (the second answer may differ: the model may word it otherwise, or its circuit may be open
        // on this loaded machine; the completion, which the client shows in the end, is authoritative)
        for (SseStream s : streams) {
            Map<String, List<Integer>> seqs = new HashMap<>();
            Map<String, StringBuilder> text = new HashMap<>();
            Map<String, Integer> completed = new HashMap<>();
            for (SseStream.Event e : s.events()) {
                if (!e.name().startsWith("assistant.")) {
                    continue;
                }
                JsonNode d = LocalRun.JSON.readTree(e.data());
                String replyId = d.get("replyId").asString();
                if (e.name().equals("assistant.delta")) {
                    seqs.computeIfAbsent(replyId, k -> new ArrayList<>())
                            .add(d.get("seq").asInt());
                    StringBuilder shown = text.computeIfAbsent(replyId, k -> new StringBuilder());
                    assertThat(d.get("offset").asInt())
                            .as("each chunk starts where the text shown ends")
                            .isEqualTo(shown.length());
                    shown.append(d.get("text").asString());
                } else if (e.name().equals("assistant.completed")) {
                    completed.merge(replyId, 1, Integer::sum);
                    String streamed =
                            text.getOrDefault(replyId, new StringBuilder()).toString();
                    if (!streamed.equals(d.get("text").asString())) {
                        assertThat(eventIds.getOrDefault(replyId + ":0", 0))
                                .as("chunks differ from the completion only for a reply answered again: " + replyId)
                                .isGreaterThan(1);
                    }
                }
            }
            assertThat(completed.values())
                    .as("each reply completes once on the live stream")
                    .containsOnly(1);
            for (List<Integer> seq : seqs.values()) {
                assertThat(seq).as("no chunk shown twice, in order").isSorted().doesNotHaveDuplicates();
            }
            assertThat(completed).as("every live customer saw all ten answers").hasSize(10);
            s.close();
        }
        int replaysSuppressed =
                (int) eventIds.values().stream().filter(n -> n > 1).count();
        assertThat(deadLetters()).as("nothing dead-lettered").isEmpty();

        System.out.printf(
                "[faults] llm kill: 1000 messages from 100 conversations posted in %.1f s (%d retries);"
                        + " killed with %d answered; ready again after %.1f s; all 1000 answered %.1f s after the"
                        + " kill (answers resumed %.1f s after ready; %.1f s after ready for the rest, at the"
                        + " model's pace); events re-sent after the kill (hidden from customers): %d; lost 0,"
                        + " duplicates 0%n",
                postSeconds,
                stats.retries.get(),
                answeredBeforeKill,
                restartSeconds,
                allAnsweredSeconds,
                resumedSeconds,
                allAnsweredSeconds - restartSeconds,
                replaysSuppressed);
    }

    /**
     * kill -9 conversation-service and escalation-service while 60 conversations are being written in, then, once
     * they are back, restart the broker under the same load; some customers ask for a person meanwhile.
     */
    @Test
    @Order(2)
    void conversationAndEscalationKilledAndTheBrokerRestartedMidLoadLoseNothingAndKeepOrder() throws Exception {
        List<Conversation> conversations = open(60);
        Stats stats = new Stats();
        AtomicInteger accepted = new AtomicInteger();
        Set<String> escalated = ConcurrentHashMap.newKeySet();
        ExecutorService customers = Executors.newFixedThreadPool(conversations.size());
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < conversations.size(); i++) {
            Conversation c = conversations.get(i);
            boolean asksForAPerson = i % 6 == 0;
            work.add(customers.submit(() -> {
                for (int m = 1; m <= 8; m++) {
                    c.send("Message " + m + " about my delivery", stats);
                    accepted.incrementAndGet();
                    if (asksForAPerson && m == 4) {
                        c.escalate(stats);
                        escalated.add(c.id);
                    }
                    Thread.sleep(5000); // a customer types for a while: the load spans the faults
                }
                return null;
            }));
        }
        stack.awaitTrue(Duration.ofSeconds(60), () -> accepted.get() >= 90, "the customers could not post");
        long killedAt = System.nanoTime();
        stack.kill("conversation-service");
        stack.kill("escalation-service");
        stack.awaitReady("conversation-service", Duration.ofSeconds(120));
        stack.awaitReady("escalation-service", Duration.ofSeconds(120));
        double servicesBack = seconds(killedAt);
        int acceptedBeforeBroker = accepted.get();
        assertThat(acceptedBeforeBroker)
                .as("still writing when the broker restarts")
                .isLessThan(400);

        long brokerStoppedAt = System.nanoTime();
        long oldBroker = stack.pid("kafka");
        stack.terminate("kafka");
        stack.awaitTrue(
                Duration.ofSeconds(60),
                () -> stack.process("kafka").map(p -> p.pid() != oldBroker).orElse(false),
                "./run did not restart the broker");
        stack.awaitPortOpen(stack.port("kafka"), Duration.ofSeconds(60));
        double brokerBack = seconds(brokerStoppedAt);

        for (Future<?> f : work) {
            f.get(5, TimeUnit.MINUTES);
        }
        customers.shutdown();
        awaitAllAnswered(conversations, Duration.ofSeconds(300));
        assertAnsweredExactlyOnceInOrder(conversations);

        // every hand-off reached the human queue, once
        String agent = stack.login("agent.lee@example.com");
        List<String> queued = new ArrayList<>();
        stack.get(agent, "/api/escalations")
                .forEach(e -> queued.add(e.get("conversationId").asString()));
        assertThat(queued)
                .as("each hand-off once in the queue")
                .doesNotHaveDuplicates()
                .containsAll(escalated);
        for (Conversation c : conversations) {
            if (escalated.contains(c.id)) {
                assertThat(stack.get(c.token, "/api/conversations/" + c.id)
                                .get("status")
                                .asString())
                        .isEqualTo("WAITING_FOR_AGENT");
            }
        }
        assertThat(deadLetters()).as("nothing dead-lettered").isEmpty();
        assertThat(stats.retries.get())
                .as("the faults were felt by the clients")
                .isPositive();
        System.out.printf(
                "[faults] conversation+escalation kill and broker restart: %d messages and %d hand-offs"
                        + " in 60 conversations; services ready %.1f s after kill -9, broker back %.1f s after"
                        + " SIGTERM; client retries %d %s; slowest accepted post %d ms; lost 0, duplicates 0,"
                        + " order kept%n",
                accepted.get(),
                escalated.size(),
                servicesBack,
                brokerBack,
                stats.retries.get(),
                stats.failureStatuses(),
                stats.acceptedNanos.stream().mapToLong(n -> n / 1_000_000).max().orElse(0));
    }

    /**
     * MongoDB stops answering for 30 s (SIGSTOP: its sockets stay open, nothing comes back, as with a host that
     * fell off the network). Calls fail fast with 503 problem details; messages on their way are stored once it is
     * back; the services recover by themselves.
     */
    @Test
    @Order(3)
    void mongoUnreachableFor30SecondsFailsFastWith503AndRecoversByItself() throws Exception {
        List<Conversation> conversations = open(10);
        Stats before = new Stats();
        for (Conversation c : conversations) {
            c.send("Just before the outage: where is my order?", before); // answered while MongoDB is away
        }
        Stats during = new Stats();
        ExecutorService customers = Executors.newFixedThreadPool(conversations.size());
        List<long[]> probes = Collections.synchronizedList(new ArrayList<>());
        List<String> healthDuring = new ArrayList<>();
        List<Future<String>> healthChecks = new ArrayList<>();
        ExecutorService checks = Executors.newFixedThreadPool(DATABASE_SERVICES.size() * 3);
        List<String> probeProblems = Collections.synchronizedList(new ArrayList<>());

        stack.signal("mongo", "STOP");
        long stoppedAt = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        try {
            Thread.sleep(1000);
            for (Conversation c : conversations) { // customers write during the outage; their clients retry
                work.add(customers.submit(() -> c.send("Written during the outage", during)));
            }
            Conversation reader = conversations.get(0);
            // health and readiness say what is wrong while it is wrong (the database), liveness stays UP; asked on
            // threads of their own (each check waits up to its 2 s ping timeout) beside the API probes below
            for (String service : DATABASE_SERVICES) {
                for (String group : new String[] {null, "readiness", "liveness"}) {
                    healthChecks.add(checks.submit(() -> {
                        Thread.sleep(3000);
                        HttpResponse<String> r = stack.health(service, group);
                        return service + " " + (group == null ? "health" : group) + " " + r.statusCode() + " "
                                + r.body();
                    }));
                }
            }
            while (seconds(stoppedAt) < 30) {
                for (String[] call : List.of(
                        new String[] {"GET", "/api/conversations/" + reader.id, null},
                        new String[] {"GET", "/api/conversations", null},
                        new String[] {
                            "POST",
                            "/api/auth/login",
                            "{\"email\":\"amira.haddad@example.com\",\"password\":\"support-demo\"}"
                        })) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r =
                            stack.send(call[2] == null ? reader.token : null, call[0], call[1], call[2], Map.of());
                    probes.add(new long[] {r.statusCode(), (System.nanoTime() - t0) / 1_000_000});
                    if (r.statusCode() != 503
                            || !r.headers()
                                    .firstValue("Content-Type")
                                    .orElse("")
                                    .startsWith("application/problem+json")
                            || r.headers().firstValue("Retry-After").isEmpty()
                            || r.body().contains("Exception")) {
                        probeProblems.add(call[0] + " " + call[1] + " -> " + r.statusCode() + " "
                                + r.headers().map() + " " + r.body());
                    }
                }
                Thread.sleep(250);
            }
        } finally {
            stack.signal("mongo", "CONT");
        }
        long resumedAt = System.nanoTime();
        Conversation reader = conversations.get(0);
        stack.awaitTrue(
                Duration.ofSeconds(60),
                () -> {
                    try {
                        return stack.send(reader.token, "GET", "/api/conversations/" + reader.id, null, Map.of())
                                        .statusCode()
                                == 200;
                    } catch (Exception e) {
                        return false;
                    }
                },
                "the API did not recover after MongoDB came back");
        double recovery = seconds(resumedAt);
        for (Future<String> check : healthChecks) {
            healthDuring.add(check.get(30, TimeUnit.SECONDS));
        }
        checks.shutdown();
        for (String service : DATABASE_SERVICES) {
            stack.awaitTrue(
                    Duration.ofSeconds(30),
                    () -> {
                        try {
                            return stack.health(service, null).statusCode() == 200;
                        } catch (Exception e) {
                            return false;
                        }
                    },
                    service + "'s health did not come back UP after MongoDB did");
        }
        assertThat(healthDuring).as("during the outage").allSatisfy(line -> {
            if (line.contains(" liveness ")) {
                assertThat(line).contains(" liveness 200 ").contains("UP");
            } else {
                assertThat(line).contains(" 503 ").contains("DOWN").contains("\"mongo\":{\"status\":\"DOWN\"");
            }
        });
        for (Future<?> f : work) {
            f.get(3, TimeUnit.MINUTES);
        }
        customers.shutdown();
        awaitAllAnswered(conversations, Duration.ofSeconds(180));
        assertAnsweredExactlyOnceInOrder(conversations);
        assertThat(deadLetters())
                .as("nothing dead-lettered while MongoDB was away")
                .isEmpty();

        assertThat(probeProblems)
                .as("every call during the outage is a 503 problem with Retry-After")
                .isEmpty();
        List<Long> millis = probes.stream().map(p -> p[1]).sorted().toList();
        assertThat(millis).as("calls were made during the outage").hasSizeGreaterThanOrEqualTo(9);
        long p50 = millis.get(millis.size() / 2);
        long max = millis.get(millis.size() - 1);
        // the driver's defaults would hold each call 30 s (server selection) or forever (no read timeout)
        assertThat(p50)
                .as("failing fast: a 503 within the 2 s server selection timeout")
                .isLessThan(3500);
        assertThat(max)
                .as("the first call on a dead connection: the 5 s read timeout")
                .isLessThan(10_000);
        assertThat(during.failureStatuses().keySet())
                .as("posts during the outage were refused with 503 only")
                .containsOnly(503L);
        System.out.printf(
                "[faults] MongoDB paused 30 s: %d API calls during the outage, all 503 problem+json with"
                        + " Retry-After, p50 %d ms, max %d ms; %d posts refused and retried by their clients; API"
                        + " back %.1f s after MongoDB; 10 messages in flight and 10 written during it all answered"
                        + " once; lost 0%n",
                probes.size(), p50, max, during.failures.size(), recovery);
    }

    // --- the simulated customers ------------------------------------------------------------------------------------

    final class Conversation {
        final String token;
        final String id;
        final List<String> messageIds = Collections.synchronizedList(new ArrayList<>());

        Conversation(String token, String id) {
            this.token = token;
            this.id = id;
        }

        /** Asks for a person, retrying transient failures as the web client would. */
        void escalate(Stats stats) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (true) {
                int status;
                try {
                    status = stack.send(
                                    token,
                                    "POST",
                                    "/api/conversations/" + id + "/escalate",
                                    "{\"reason\":\"I want a person\"}",
                                    Map.of())
                            .statusCode();
                } catch (IOException e) {
                    status = 0;
                }
                if (status == 202) {
                    return;
                }
                assertThat(status).as("only transient failures are retried").isIn(0, 502, 503, 504);
                stats.retries.incrementAndGet();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("hand-off not accepted within 180 s");
                }
                Thread.sleep(500);
            }
        }

        /** Sends one message as the web client does; returns once it is accepted (202), retrying transient failures. */
        String send(String text, Stats stats) throws Exception {
            String key = UUID.randomUUID().toString();
            String body = "{\"text\":\"" + text + "\"}";
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (true) {
                long t0 = System.nanoTime();
                int status;
                String response = "";
                try {
                    HttpResponse<String> r = stack.send(
                            token,
                            "POST",
                            "/api/conversations/" + id + "/messages",
                            body,
                            Map.of("Idempotency-Key", key));
                    status = r.statusCode();
                    response = r.body();
                } catch (IOException e) {
                    status = 0;
                }
                if (status == 202) {
                    stats.accepted(System.nanoTime() - t0);
                    String messageId =
                            LocalRun.JSON.readTree(response).get("messageId").asString();
                    messageIds.add(messageId);
                    return messageId;
                }
                assertThat(status)
                        .as("only transient failures are retried: %s %s", status, response)
                        .isIn(0, 502, 503, 504);
                stats.retries.incrementAndGet();
                stats.failures.add(new long[] {status, (System.nanoTime() - t0) / 1_000_000});
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("message not accepted within 180 s, last status " + status);
                }
                Thread.sleep(500);
            }
        }
    }

    static final class Stats {
        final AtomicInteger retries = new AtomicInteger();
        final List<Long> acceptedNanos = Collections.synchronizedList(new ArrayList<>());
        /** Each failed try: its status (0: no response) and how long it took to fail, in ms. */
        final List<long[]> failures = Collections.synchronizedList(new ArrayList<>());

        void accepted(long nanos) {
            acceptedNanos.add(nanos);
        }

        Map<Long, Long> failureStatuses() {
            Map<Long, Long> counts = new TreeMap<>();
            synchronized (failures) {
                failures.forEach(f -> counts.merge(f[0], 1L, Long::sum));
            }
            return counts;
        }
    }

    List<Conversation> open(int count) throws Exception {
        List<Conversation> conversations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String token = tokens.get(CUSTOMERS.get(i % CUSTOMERS.size()));
            HttpResponse<String> r = stack.send(token, "POST", "/api/conversations", "", Map.of());
            assertThat(r.statusCode()).as("new conversation: %s", r.body()).isEqualTo(201);
            conversations.add(new Conversation(
                    token,
                    LocalRun.JSON.readTree(r.body()).get("conversationId").asString()));
        }
        return conversations;
    }

    // --- what the customers see
    // ----------------------------------------------------------------------------------------

    int answered(List<Conversation> conversations) throws Exception {
        int answered = 0;
        for (Conversation c : conversations) {
            for (JsonNode m : stack.get(c.token, "/api/conversations/" + c.id).get("messages")) {
                answered += "assistant".equals(m.get("role").asString()) ? 1 : 0;
            }
        }
        return answered;
    }

    /** Polls the transcripts every 3 s (more often would load the system it measures) until all are answered. */
    void awaitAllAnswered(List<Conversation> conversations, Duration timeout) throws Exception {
        int expected = conversations.stream().mapToInt(c -> c.messageIds.size()).sum();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int answered = 0;
        while (System.nanoTime() < deadline) {
            answered = answered(conversations);
            if (answered >= expected) {
                return;
            }
            System.out.printf("[faults] %.0f s: %d of %d answered%n", seconds(start), answered, expected);
            Thread.sleep(3000);
        }
        throw new AssertionError("only " + answered + " of " + expected + " messages answered within " + timeout
                + "\n" + metrics("llm-service", "smart_llm_re|records_lag_max|smart_kafka") + "\n--- ./run ---\n"
                + stack.output());
    }

    /** The lines of a service's /actuator/prometheus whose names match, for failure messages. */
    String metrics(String service, String pattern) {
        try {
            Pattern p = Pattern.compile(pattern);
            return stack.prometheus(service)
                    .lines()
                    .filter(l -> !l.startsWith("#") && p.matcher(l).find())
                    .collect(Collectors.joining("\n"));
        } catch (Exception e) {
            return service + " metrics unavailable: " + e;
        }
    }

    /**
     * Every accepted message is in its transcript once, in the order it was sent; each has exactly one answer,
     * after it, and the answers come in the order of the questions.
     */
    void assertAnsweredExactlyOnceInOrder(List<Conversation> conversations) throws Exception {
        for (Conversation c : conversations) {
            JsonNode messages = stack.get(c.token, "/api/conversations/" + c.id).get("messages");
            List<String> customer = new ArrayList<>();
            List<String> answersTo = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (JsonNode m : messages) {
                assertThat(ids.add(m.get("messageId").asString()))
                        .as("no message twice in %s", c.id)
                        .isTrue();
                switch (m.get("role").asString()) {
                    case "customer" -> customer.add(m.get("messageId").asString());
                    case "assistant" -> {
                        String question = m.get("inReplyTo").asString();
                        assertThat(customer)
                                .as("an answer comes after its question in %s", c.id)
                                .contains(question);
                        answersTo.add(question);
                    }
                    default -> {}
                }
            }
            assertThat(customer)
                    .as("the customer's messages of %s, none lost, none twice, in order", c.id)
                    .containsExactlyElementsOf(c.messageIds);
            assertThat(answersTo)
                    .as("one answer per message of %s, in the order of the questions", c.id)
                    .containsExactlyElementsOf(c.messageIds);
        }
    }

    // --- Kafka
    // ---------------------------------------------------------------------------------------------------------

    /** Every record value of a topic, all partitions, from the beginning. */
    List<String> topic(String topic) throws Exception {
        return stack.readToEnd(topic::equals).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    /** What landed on any dead-letter topic. */
    List<String> deadLetters() throws Exception {
        return stack.readToEnd(t -> t.endsWith(".DLT")).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
