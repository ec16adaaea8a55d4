package com.smartsupport.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.testsupport.FakeOpenAi;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * {@code SMART_INSTANCES=2 ./run}: two processes of every backend service, the gateway balancing over them, all
 * driven through the gateway as clients would. Proves that two instances share the work without a hand-off
 * assigned twice, that every reply and agent message reaches the customer's stream whichever instance holds it,
 * that streams on one instance survive the loss of the other, that {@code kill -9} of one instance of each service
 * loses nothing, and that an instance gone for good (frozen: it never comes back) has its customers answered by
 * the other within seconds. Figures are printed as {@code [instances] ...} lines (docs/reliability.md; figures in docs/benchmarks.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {
    static final int OFFSET = Integer.getInteger("smart.instances.port-offset", 4000);
    static final List<String> CUSTOMERS =
            List.of("carlos.diaz@example.com", "amira.haddad@example.com", "olivia.bennett@example.com");
    static final List<String> AGENTS =
            List.of("agent.lee@example.com", "agent.kim@example.com", "agent.rossi@example.com");
    static final List<String> BACKENDS =
            List.of("profile-service", "conversation-service", "llm-service", "escalation-service");

    static FakeOpenAi openAi;
    static LocalRun stack;
    static final Map<String, String> tokens = new HashMap<>();

    @BeforeAll
    static void startTwoOfEverything() throws Exception {
        openAi = new FakeOpenAi();
        // each reply streams over ~150 ms, so that kills and freezes land in the middle of replies
        openAi.respond(
                call -> FakeOpenAi.stream(List.of("Thanks for asking. ", "Your order ", "is on its way."), 300, 20)
                        .throttleBody(128, 50, TimeUnit.MILLISECONDS));
        stack = LocalRun.start(
                OFFSET,
                Map.of(
                        "SMART_INSTANCES", "2",
                        "OPENAI_API_KEY", "test-key",
                        "OPENAI_BASE_URL", openAi.baseUrl(),
                        "SMART_MESSAGES_PER_MINUTE", "1000000",
                        "SMART_MESSAGE_BURST", "1000000",
                        "SMART_MAX_CASES_PER_AGENT", "10"));
        for (String email : CUSTOMERS) {
            tokens.put(email, stack.login(email));
        }
        for (String email : AGENTS) {
            tokens.put(email, stack.login(email));
        }
        for (String backend : BACKENDS) {
            assertThat(stack.process(backend)).as("%s runs", backend).isPresent();
            assertThat(stack.process(backend + "-2")).as("%s-2 runs", backend).isPresent();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (stack != null) {
                for (String agent : AGENTS) {
                    stack.send(tokens.get(agent), "POST", "/api/agents/me/presence", "{\"status\":\"away\"}", Map.of());
                }
                stack.close();
            }
        } finally {
            if (openAi != null) {
                openAi.close();
            }
        }
    }

    @Test
    @Order(1)
    void everyReplyReachesTheCustomersStreamWhicheverInstanceHandledIt() throws Exception {
        List<Chat> chats = open(12);
        for (int round = 1; round <= 2; round++) {
            for (Chat c : chats) {
                c.send("Question " + round + ": where is my order?");
            }
        }
        awaitAnswered(chats, Duration.ofSeconds(60));
        for (Chat c : chats) {
            assertThat(c.stream.named("assistant.completed"))
                    .as("%s's stream saw both replies", c.id)
                    .hasSize(2);
        }
        for (String llm : List.of("llm-service", "llm-service-2")) {
            assertThat(sum(llm, "smart_llm_replies_total"))
                    .as("%s answered some of them", llm)
                    .isPositive();
        }
        for (String conversations : List.of("conversation-service", "conversation-service-2")) {
            assertThat(sum(conversations, "http_server_requests_seconds_count", "method=\"POST\""))
                    .as("%s took some of the requests", conversations)
                    .isPositive();
        }
        chats.forEach(Chat::close);
    }

    @Test
    @Order(2)
    void handOffsAreAssignedOnceAndAgentMessagesReachTheCustomerWhicheverInstanceHoldsThem() throws Exception {
        List<SseStream> consoles = new ArrayList<>();
        for (String agent : AGENTS) {
            consoles.add(new SseStream(stack.http, tokens.get(agent), stack.gateway + "/api/escalations/events"));
            assertThat(stack.send(
                                    tokens.get(agent),
                                    "POST",
                                    "/api/agents/me/presence",
                                    "{\"status\":\"online\"}",
                                    Map.of())
                            .statusCode())
                    .isEqualTo(200);
        }
        List<Chat> chats = open(12);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Integer>> escalations = new ArrayList<>();
        for (Chat c : chats) {
            escalations.add(pool.submit(() -> stack.send(
                            c.token,
                            "POST",
                            "/api/conversations/" + c.id + "/escalate",
                            "{\"reason\":\"A person, please\"}",
                            Map.of())
                    .statusCode()));
        }
        for (Future<Integer> f : escalations) {
            assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(202);
        }
        pool.shutdown();
        stack.awaitTrue(
                Duration.ofSeconds(60),
                () -> chats.stream()
                        .allMatch(c -> consoles.stream()
                                .anyMatch(s -> s.named("case.assigned").stream().anyMatch(d -> d.contains(c.id)))),
                "not every hand-off reached an agent's console");

        // each hand-off went to exactly one agent, once, whichever escalation-service instance assigned it
        Map<String, Set<String>> agentsOf = new HashMap<>();
        for (ConsumerRecord<String, String> r : stack.readToEnd(t -> t.equals("handoff.assignments"))) {
            JsonNode event = LocalRun.JSON.readTree(r.value());
            String conversation = find(event, "conversationId");
            String agent = find(event, "agentId"); // the topic also tells customers their place (no agent yet)
            if (agent != null && chats.stream().anyMatch(c -> c.id.equals(conversation))) {
                agentsOf.computeIfAbsent(conversation, k -> new HashSet<>()).add(agent);
            }
        }
        assertThat(agentsOf).as("every hand-off assigned").hasSize(12);
        assertThat(agentsOf.values()).as("no hand-off assigned to two agents").allMatch(a -> a.size() == 1);
        for (Chat c : chats) {
            long shown = consoles.stream()
                    .mapToLong(s -> s.named("case.assigned").stream()
                            .filter(d -> d.contains(c.id))
                            .count())
                    .sum();
            assertThat(shown)
                    .as("%s shown as assigned once, on one console", c.id)
                    .isEqualTo(1);
        }

        // each agent answers their cases: the customer sees it, whichever instance holds their stream
        for (int i = 0; i < AGENTS.size(); i++) {
            String agent = tokens.get(AGENTS.get(i));
            for (Chat c : chats) {
                if (consoles.get(i).named("case.assigned").stream().anyMatch(d -> d.contains(c.id))) {
                    String escalation = "esc_" + c.id;
                    assertThat(stack.send(agent, "POST", "/api/escalations/" + escalation + "/accept", "", Map.of())
                                    .statusCode())
                            .isEqualTo(200);
                    assertThat(stack.send(
                                            agent,
                                            "POST",
                                            "/api/escalations/" + escalation + "/messages",
                                            "{\"text\":\"Hello from " + AGENTS.get(i) + " to " + c.id + "\"}",
                                            Map.of())
                                    .statusCode())
                            .isBetween(200, 202);
                }
            }
        }
        stack.awaitTrue(
                Duration.ofSeconds(60),
                () -> chats.stream()
                        .allMatch(
                                c -> c.stream.named("agent.message").stream().anyMatch(d -> d.contains("to " + c.id))),
                "an agent's message did not reach a customer");
        for (int i = 0; i < AGENTS.size(); i++) {
            for (Chat c : chats) {
                if (consoles.get(i).named("case.assigned").stream().anyMatch(d -> d.contains(c.id))) {
                    stack.send(
                            tokens.get(AGENTS.get(i)),
                            "POST",
                            "/api/escalations/esc_" + c.id + "/close",
                            "{\"resolution\":\"Done\"}",
                            Map.of());
                }
            }
        }
        for (String a : AGENTS) {
            stack.send(tokens.get(a), "POST", "/api/agents/me/presence", "{\"status\":\"away\"}", Map.of());
        }
        consoles.forEach(SseStream::close);
        chats.forEach(Chat::close);
        System.out.printf("[instances] 12 hand-offs escalated at once over two escalation-service instances: each"
                + " assigned to one agent, once; 12 agent messages reached the customers' streams%n");
    }

    @Test
    @Order(3)
    void streamsSurviveTheLossOfTheOtherInstanceAndKillingOneOfEachLosesNothing() throws Exception {
        String agent = tokens.get(AGENTS.get(0));
        assertThat(stack.send(agent, "POST", "/api/agents/me/presence", "{\"status\":\"online\"}", Map.of())
                        .statusCode())
                .isEqualTo(200);
        List<SseStream> consoles = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // round robin: some on each escalation-service instance
            consoles.add(new SseStream(stack.http, agent, stack.gateway + "/api/escalations/events"));
        }
        List<Chat> chats = open(10);
        for (Chat c : chats) {
            c.send("Before the kill");
        }
        // kill -9 one instance of each service while replies are being written
        for (Chat c : chats) {
            c.send("In flight at the kill");
        }
        long killedAt = System.nanoTime();
        for (String backend : BACKENDS) {
            stack.kill(
                    backend.equals("conversation-service") || backend.equals("escalation-service")
                            ? backend + "-2"
                            : backend);
        }
        Thread.sleep(1000);
        List<Chat> survivors = chats.stream().filter(c -> !c.stream.ended()).toList();
        List<SseStream> liveConsoles = consoles.stream().filter(s -> !s.ended()).toList();
        assertThat(survivors)
                .as("customer streams on the conversation-service that was not killed")
                .isNotEmpty();
        // the others ended with their instance; a client opens its stream again (the gateway finds the live one)
        List<Chat> reopened = new ArrayList<>();
        for (Chat c : chats) {
            if (c.stream.ended()) {
                reopened.add(new Chat(c.token, c.id));
            }
        }
        assertThat(liveConsoles)
                .as("agent streams on the escalation-service that was not killed")
                .isNotEmpty();
        for (Chat c : chats) {
            c.send("After the kill"); // the gateway sends it to the live instance
        }
        awaitAnswered(chats, Duration.ofSeconds(120));
        double allAnswered = seconds(killedAt);
        assertAnsweredOnceInOrder(chats);
        for (Chat c : survivors) {
            assertThat(c.stream.named("assistant.completed"))
                    .as("a surviving stream saw every reply")
                    .hasSize(3);
        }
        for (Chat c : reopened) {
            assertThat(c.stream.named("assistant.completed"))
                    .as("a reopened stream sees the replies after it")
                    .isNotEmpty();
            c.close();
        }
        // the surviving agent stream still works: a new hand-off reaches it
        Chat escalating = survivors.get(0);
        assertThat(stack.send(
                                escalating.token,
                                "POST",
                                "/api/conversations/" + escalating.id + "/escalate",
                                "{\"reason\":\"After the kill\"}",
                                Map.of())
                        .statusCode())
                .isEqualTo(202);
        stack.awaitTrue(
                Duration.ofSeconds(60),
                () -> liveConsoles.stream()
                        .allMatch(s -> s.named("case.assigned").stream().anyMatch(d -> d.contains(escalating.id))),
                "a surviving agent stream missed a hand-off" + " (the only agent online is the one watching)");
        stack.send(
                agent,
                "POST",
                "/api/escalations/esc_" + escalating.id + "/close",
                "{\"resolution\":\"Done\"}",
                Map.of());
        for (String backend : BACKENDS) {
            String killed = backend.equals("conversation-service") || backend.equals("escalation-service")
                    ? backend + "-2"
                    : backend;
            stack.awaitReady(killed, Duration.ofSeconds(180));
        }
        consoles.forEach(SseStream::close);
        chats.forEach(Chat::close);
        System.out.printf(
                "[instances] kill -9 of one instance of each service with 10 replies in flight: %d of 10"
                        + " customer streams and %d of 4 agent streams (those on the other instances) stayed open"
                        + " and missed nothing, the other %d reopened at once; all 30 messages answered once, in"
                        + " order, %.1f s after the kill; lost 0%n",
                survivors.size(), liveConsoles.size(), reopened.size(), allAnswered);
    }

    @Test
    @Order(4)
    void anInstanceGoneForGoodHasItsCustomersAnsweredByTheOtherWithinSeconds() throws Exception {
        List<Chat> chats = open(20);
        for (Chat c : chats) {
            c.send("Warm-up question");
        }
        awaitAnswered(chats, Duration.ofSeconds(60));
        // frozen, not killed: it holds its connections and never answers again, and nothing restarts it
        stack.signal("llm-service", "STOP");
        long frozenAt = System.nanoTime();
        try {
            for (Chat c : chats) {
                c.send("Written as llm-service froze");
            }
            awaitAnswered(chats, Duration.ofSeconds(60), 250);
            double seconds = seconds(frozenAt);
            assertAnsweredOnceInOrder(chats);
            System.out.printf(
                    "[instances] llm-service frozen for good (SIGSTOP) with 20 messages coming: all"
                            + " answered by llm-service-2 %.1f s after the freeze%n",
                    seconds);
            assertThat(seconds)
                    .as("the other instance answers within 15 s of losing its peer")
                    .isLessThan(15.0);
        } finally {
            stack.signal("llm-service", "CONT");
        }
        chats.forEach(Chat::close);
    }

    // --- customers --------------------------------------------------------------------------------------------------

    final class Chat implements AutoCloseable {
        final String token;
        final String id;
        final SseStream stream;
        final List<String> sent = new ArrayList<>();

        Chat(String token, String id) throws Exception {
            this.token = token;
            this.id = id;
            this.stream = new SseStream(stack.http, token, stack.gateway + "/api/conversations/" + id + "/events");
        }

        /** Posts a message as the web client does: one Idempotency-Key, sent again on a transient failure. */
        void send(String text) throws Exception {
            String key = UUID.randomUUID().toString();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                int status;
                try {
                    status = stack.send(
                                    token,
                                    "POST",
                                    "/api/conversations/" + id + "/messages",
                                    "{\"text\":\"" + text + "\"}",
                                    Map.of("Idempotency-Key", key))
                            .statusCode();
                } catch (IOException e) {
                    status = 0;
                }
                if (status == 202 || status == 200) {
                    sent.add(text);
                    return;
                }
                assertThat(status)
                        .as("a post fails only for a transient reason")
                        .isIn(0, 502, 503, 504);
                assertThat(System.nanoTime()).as("posted within 60 s").isLessThan(deadline);
                Thread.sleep(250);
            }
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    /** New conversations, then their streams (one after another, so the gateway spreads them over both instances). */
    List<Chat> open(int count) throws Exception {
        List<String[]> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String token = tokens.get(CUSTOMERS.get(i % CUSTOMERS.size()));
            HttpResponse<String> r = stack.send(token, "POST", "/api/conversations", "", Map.of());
            assertThat(r.statusCode()).as("new conversation: %s", r.body()).isEqualTo(201);
            created.add(new String[] {
                token, LocalRun.JSON.readTree(r.body()).get("conversationId").asString()
            });
        }
        List<Chat> chats = new ArrayList<>();
        for (String[] c : created) {
            chats.add(new Chat(c[0], c[1]));
        }
        return chats;
    }

    void awaitAnswered(List<Chat> chats, Duration timeout) throws Exception {
        awaitAnswered(chats, timeout, 1000);
    }

    void awaitAnswered(List<Chat> chats, Duration timeout, long pollMillis) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int expected = chats.stream().mapToInt(c -> c.sent.size()).sum();
        int answered = 0;
        while (System.nanoTime() < deadline) {
            answered = 0;
            for (Chat c : chats) {
                for (JsonNode m : transcript(c).get("messages")) {
                    answered += "assistant".equals(m.get("role").asString()) ? 1 : 0;
                }
            }
            if (answered >= expected) {
                return;
            }
            Thread.sleep(pollMillis);
        }
        throw new AssertionError("only " + answered + " of " + expected + " answered within " + timeout
                + "\n--- ./run ---\n" + stack.output());
    }

    JsonNode transcript(Chat c) throws Exception {
        HttpResponse<String> r = stack.send(c.token, "GET", "/api/conversations/" + c.id, null, Map.of());
        if (r.statusCode() != 200) {
            throw new IOException("transcript of " + c.id + ": " + r.statusCode());
        }
        return LocalRun.JSON.readTree(r.body());
    }

    /** Every message once, in the order sent, each with one answer after it. */
    void assertAnsweredOnceInOrder(List<Chat> chats) throws Exception {
        for (Chat c : chats) {
            List<String> texts = new ArrayList<>();
            Map<String, Integer> answers = new HashMap<>();
            List<String> questions = new ArrayList<>();
            for (JsonNode m : transcript(c).get("messages")) {
                if ("customer".equals(m.get("role").asString())) {
                    texts.add(m.get("text").asString());
                    questions.add(m.get("messageId").asString());
                } else if ("assistant".equals(m.get("role").asString())) {
                    answers.merge(m.get("inReplyTo").asString(), 1, Integer::sum);
                }
            }
            assertThat(texts).as("%s: every message once, in order", c.id).containsExactlyElementsOf(c.sent);
            assertThat(questions).as("%s: each answered", c.id).allMatch(answers::containsKey);
            assertThat(answers.values()).as("%s: each answered once", c.id).allMatch(n -> n == 1);
        }
    }

    /** The sum of a metric's samples on one instance (optionally only lines that contain {@code with}). */
    double sum(String instance, String metric, String... with) throws Exception {
        double total = 0;
        for (String line : stack.prometheus(instance).lines().toList()) {
            if (line.startsWith(metric)
                    && (line.charAt(metric.length()) == '{' || line.charAt(metric.length()) == ' ')
                    && Arrays.stream(with).allMatch(line::contains)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** The first value of a field anywhere in an event (envelope or payload). */
    static String find(JsonNode node, String field) {
        JsonNode found = node.findValue(field);
        return found == null || found.isNull() ? null : found.asString();
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
