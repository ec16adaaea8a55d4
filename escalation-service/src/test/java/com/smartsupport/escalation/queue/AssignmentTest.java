package com.smartsupport.escalation.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.smartsupport.escalation.agent.AgentPresence;
import com.smartsupport.platform.events.AgentChanged;
import com.smartsupport.platform.events.AgentHandedBack;
import com.smartsupport.platform.events.ConversationClosed;
import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.HandoffQueued;
import com.smartsupport.platform.events.HandoffRequested;
import com.smartsupport.platform.events.SessionsRevoked;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.testsupport.EmbeddedInfra;
import com.smartsupport.platform.testsupport.FakeService;
import com.smartsupport.platform.testsupport.KafkaProbe;
import com.smartsupport.platform.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Fair assignment and its safety with several instances, on a real (embedded) MongoDB-wire server. The scheduled
 * round is slowed right down here so that each test drives assignment itself.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"smart.escalation.assign-interval=1h", "smart.escalation.max-cases-per-agent=2"})
@AutoConfigureWebTestClient
class AssignmentTest {
    /** profile-, conversation- and llm-service as the packet reads them, recording the token they were given. */
    static final List<String> backendAuth = new CopyOnWriteArrayList<>();

    static volatile boolean llmDown;
    static final FakeService backends = FakeService.answering(request -> {
        backendAuth.add(request.getHeader("Authorization"));
        String path = request.getPath();
        String body = path.startsWith("/api/profiles/")
                ? "{\"id\":\"cus_0\",\"account\":{\"name\":\"Carlos\"}}"
                : path.startsWith("/api/conversations/")
                        ? "{\"status\":\"WITH_AGENT\",\"messages\":[]}"
                        : path.endsWith("/summary") && !llmDown
                                ? "{\"source\":\"fallback\",\"issue\":\"Late parcel\"}"
                                : null;
        return body == null ? FakeService.status(503) : FakeService.json(body);
    });

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        EmbeddedInfra.register(registry);
        backends.registerAs(registry, "profile-service", "conversation-service", "llm-service");
    }

    @Autowired
    ReactiveMongoTemplate mongo;

    @Autowired
    Assigner assigner;

    @Autowired
    EventPublisher events;

    @Autowired
    HandoffMetrics metrics;

    @Autowired
    EventCodec codec;

    @Autowired
    WebTestClient web;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @BeforeEach
    void emptyQueueAndAgents() {
        mongo.remove(new Query(), Escalation.class).block();
        mongo.remove(new Query(), AgentPresence.class).block();
    }

    @Test
    void anAgentsStreamEndsWhenTheirTokenExpires() {
        String shortLived = TestTokens.token("agt_brief", "AGENT", Duration.ofSeconds(3));
        long started = System.nanoTime();
        List<ServerSentEvent<String>> received = web.get()
                .uri("/api/escalations/events")
                .headers(h -> h.setBearerAuth(shortLived))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody()
                .filter(e -> e.event() != null)
                .collectList()
                .block(Duration.ofSeconds(20));
        assertThat(received).extracting(ServerSentEvent::event).endsWith("session.expired");
        assertThat(Duration.ofNanos(System.nanoTime() - started).toSeconds()).isBetween(1L, 10L);
    }

    @Test
    void oldestCasesGoFirstToTheLeastLoadedAgentsUpToTheCapAndComeBackWhenAnAgentLeaves() {
        List<String> agents = List.of("agt_a", "agt_b", "agt_c");
        agents.forEach(this::online);
        List<Escalation> cases = queue(10);

        assertThat(assigner.assignAll().block()).isEqualTo(6);

        List<Escalation> assigned = withStatus(Escalation.Status.ASSIGNED);
        assertThat(ids(assigned)).containsExactlyInAnyOrderElementsOf(ids(cases.subList(0, 6)));
        Map<String, Long> perAgent =
                assigned.stream().collect(Collectors.groupingBy(Escalation::agentId, Collectors.counting()));
        assertThat(perAgent)
                .containsOnlyKeys(agents)
                .allSatisfy((agent, n) -> assertThat(n).isEqualTo(2));
        // least-loaded first: the first three cases went to three different agents
        assertThat(cases.subList(0, 3).stream().map(c -> find(c.id()).agentId()).distinct())
                .hasSize(3);
        agents.forEach(a -> assertThat(agent(a).activeCases()).isEqualTo(2));

        // agent A goes away: their cases return to the queue and, being the oldest, are next in line
        String tokenA = TestTokens.token("agt_a", "AGENT", Duration.ofMinutes(5));
        List<String> heldByA = assigned.stream()
                .filter(e -> e.agentId().equals("agt_a"))
                .map(Escalation::id)
                .toList();
        web.post()
                .uri("/api/agents/me/presence")
                .headers(h -> h.setBearerAuth(tokenA))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"status\":\"away\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.activeCases")
                .isEqualTo(0);
        heldByA.forEach(id -> assertThat(find(id).status()).isEqualTo(Escalation.Status.QUEUED));
        assertThat(assigner.assignAll().block())
                .as("B and C are full, A is away")
                .isZero();

        web.post()
                .uri("/api/agents/me/presence")
                .headers(h -> h.setBearerAuth(tokenA))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"status\":\"online\"}")
                .exchange()
                .expectStatus()
                .isOk();
        // going online starts a round at once (this test has no periodic round: assign-interval=1h)
        await().atMost(Duration.ofSeconds(10))
                .until(() -> heldByA.stream().allMatch(id -> "agt_a".equals(find(id).agentId())));
        assertThat(assigner.assignAll().block())
                .as("nothing left for a later round")
                .isZero();
    }

    @Test
    void severalInstancesAssigningAtOnceNeverDoubleAssignNorExceedTheCap() throws Exception {
        for (int i = 0; i < 5; i++) {
            online("agt_" + i);
        }
        List<Escalation> cases = queue(30);
        EscalationProperties props =
                new EscalationProperties(2, Duration.ofHours(1), Duration.ofMinutes(6), null, null, null);
        var instances = List.of(
                assigner,
                new Assigner(mongo, events, props, metrics),
                new Assigner(mongo, events, props, metrics),
                new Assigner(mongo, events, props, metrics));

        var pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> rounds = new ArrayList<>();
        for (Assigner instance : instances) {
            rounds.add(pool.submit(() -> instance.assignAll().block(Duration.ofSeconds(60))));
        }
        int total = 0;
        for (Future<Integer> round : rounds) {
            total += round.get();
        }
        pool.shutdown();

        List<Escalation> assigned = withStatus(Escalation.Status.ASSIGNED);
        assertThat(total).as("assignments reported by all instances").isEqualTo(10);
        assertThat(assigned).hasSize(10);
        assertThat(ids(assigned)).containsExactlyInAnyOrderElementsOf(ids(cases.subList(0, 10)));
        for (int i = 0; i < 5; i++) {
            String agent = "agt_" + i;
            long held = assigned.stream().filter(e -> agent.equals(e.agentId())).count();
            assertThat(held).as(agent).isEqualTo(2);
            assertThat(agent(agent).activeCases()).as(agent + "'s counter").isEqualTo(2);
        }
    }

    @Test
    void agentsSeeCasesQueuedAndTheirOwnAssignmentsLiveAndCustomersGetTheirPlaceInLine() {
        var stream = listeners.getListenerContainer("agent-stream");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> stream.getAssignedPartitions() != null
                        && !stream.getAssignedPartitions().isEmpty());
        online("agt_live");
        String token = TestTokens.token("agt_live", "AGENT", Duration.ofMinutes(5));
        List<ServerSentEvent<String>> received = Collections.synchronizedList(new ArrayList<>());
        Disposable sse = web.get()
                .uri("/api/escalations/events")
                .headers(h -> h.setBearerAuth(token))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody()
                .subscribe(received::add);
        try {
            String conversation = "conv_" + UUID.randomUUID();
            events.publish(
                            Topics.HANDOFF_REQUESTS,
                            EventEnvelope.of(
                                    conversation, "cus_live", new HandoffRequested("customer_request", "please")))
                    .block(Duration.ofSeconds(10));

            var queued = codec.decode(
                    KafkaProbe.awaitRecord(
                                    bootstrap,
                                    Topics.HANDOFF_ASSIGNMENTS,
                                    r -> conversation.equals(r.key())
                                            && r.value().contains(HandoffQueued.TYPE))
                            .value(),
                    HandoffQueued.class);
            assertThat(queued.payload().position()).isEqualTo(1);
            assertThat(queued.payload().agentsOnline()).isEqualTo(1);
            assertThat(queued.payload().estimatedWaitSeconds()).isEqualTo(180L); // 1 x 6 min / (1 agent x 2 cases)

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Flux.fromIterable(List.copyOf(received))
                            .any(e -> "case.queued".equals(e.event()))
                            .block());
            // queuing the hand-off starts an assignment round at once (no periodic round here: 1h)
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Flux.fromIterable(List.copyOf(received))
                            .any(e -> "case.assigned".equals(e.event())
                                    && e.data().contains(conversation))
                            .block());
        } finally {
            sse.dispose();
        }
    }

    @Test
    void theAssignedAgentAcceptsChatsAndClosesAndNobodyElseCan() {
        var relay = listeners.getListenerContainer("customer-message-relay");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> relay.getAssignedPartitions() != null
                        && !relay.getAssignedPartitions().isEmpty());
        online("agt_chat");
        online("agt_other");
        Escalation queued = queue(1).get(0);
        mongo.updateFirst(
                        Query.query(Criteria.where("_id").is("agt_other")),
                        new Update().set("activeCases", 2),
                        AgentPresence.class)
                .block();
        assertThat(assigner.assignAll().block()).isEqualTo(1);
        assertThat(find(queued.id()).agentId()).isEqualTo("agt_chat");
        String mine = TestTokens.token("agt_chat", "AGENT", Duration.ofMinutes(5));
        String other = TestTokens.token("agt_other", "AGENT", Duration.ofMinutes(5));
        String base = "/api/escalations/" + queued.id();

        List<ServerSentEvent<String>> received = Collections.synchronizedList(new ArrayList<>());
        Disposable sse = web.get()
                .uri("/api/escalations/events")
                .headers(h -> h.setBearerAuth(mine))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody()
                .subscribe(received::add);
        try {
            web.post()
                    .uri(base + "/accept")
                    .headers(h -> h.setBearerAuth(other))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
            web.post()
                    .uri(base + "/accept")
                    .headers(h -> h.setBearerAuth(TestTokens.customer(queued.customerId())))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            web.post()
                    .uri(base + "/accept")
                    .headers(h -> h.setBearerAuth(mine))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("ACCEPTED");
            web.post()
                    .uri(base + "/accept")
                    .headers(h -> h.setBearerAuth(mine))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(409);
            assertThat(KafkaProbe.awaitRecord(
                                    bootstrap,
                                    Topics.HANDOFF_AGENT_MESSAGES,
                                    r -> queued.conversationId().equals(r.key())
                                            && r.value().contains("agent.joined"))
                            .value())
                    .contains("agt_chat");

            // the customer writes: it reaches this agent's stream
            events.publish(
                            Topics.CUSTOMER_MESSAGES,
                            EventEnvelope.withId(
                                    "msg_c1",
                                    queued.conversationId(),
                                    queued.customerId(),
                                    new CustomerMessagePosted("msg_c1", "Are you a real person?")))
                    .block(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Flux.fromIterable(List.copyOf(received))
                            .any(e -> "customer.message".equals(e.event())
                                    && e.data().contains("real person"))
                            .block());

            // the console retries a message whose response was lost: same key, same message
            String first = web.post()
                    .uri(base + "/messages")
                    .headers(h -> h.setBearerAuth(mine))
                    .header("Idempotency-Key", "console-key-1")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"text\":\"Yes, I'm Jordan. Let me look.\"}")
                    .exchange()
                    .expectStatus()
                    .isAccepted()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody()
                    .get("messageId")
                    .toString();
            String retried = web.post()
                    .uri(base + "/messages")
                    .headers(h -> h.setBearerAuth(mine))
                    .header("Idempotency-Key", "console-key-1")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"text\":\"Yes, I'm Jordan. Let me look.\"}")
                    .exchange()
                    .expectStatus()
                    .isAccepted()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody()
                    .get("messageId")
                    .toString();
            assertThat(retried).isEqualTo(first);
            web.post()
                    .uri(base + "/messages")
                    .headers(h -> h.setBearerAuth(mine))
                    .header("Idempotency-Key", "x")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"text\":\"hi\"}")
                    .exchange()
                    .expectStatus()
                    .isBadRequest();
            web.post()
                    .uri(base + "/messages")
                    .headers(h -> h.setBearerAuth(other))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"text\":\"hi\"}")
                    .exchange()
                    .expectStatus()
                    .isNotFound();
            assertThat(KafkaProbe.awaitRecord(
                                    bootstrap,
                                    Topics.HANDOFF_AGENT_MESSAGES,
                                    r -> queued.conversationId().equals(r.key())
                                            && r.value().contains("agent.message"))
                            .value())
                    .contains("Let me look.");

            web.post()
                    .uri(base + "/close")
                    .headers(h -> h.setBearerAuth(mine))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"resolution\":\"\"}")
                    .exchange()
                    .expectStatus()
                    .isBadRequest();
            web.post()
                    .uri(base + "/close")
                    .headers(h -> h.setBearerAuth(mine))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"resolution\":\"Replacement shipped\"}")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("CLOSED");
            assertThat(agent("agt_chat").activeCases()).isZero();
            var closed = codec.decode(
                    KafkaProbe.awaitRecord(
                                    bootstrap,
                                    Topics.CONVERSATION_CLOSED,
                                    r -> queued.conversationId().equals(r.key()))
                            .value(),
                    ConversationClosed.class);
            assertThat(closed.payload().resolution()).isEqualTo("Replacement shipped");
            assertThat(closed.payload().closedBy()).isEqualTo("agt_chat");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Flux.fromIterable(List.copyOf(received))
                            .any(e ->
                                    "case.closed".equals(e.event()) && e.data().contains("Replacement shipped"))
                            .block());
            web.post()
                    .uri(base + "/messages")
                    .headers(h -> h.setBearerAuth(mine))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"text\":\"one more\"}")
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        } finally {
            sse.dispose();
        }
    }

    @Test
    void anAgentHandsTheConversationBackToTheAssistantAndALaterRequestQueuesItAgain() {
        online("agt_back");
        Escalation queued = queue(1).get(0);
        assertThat(assigner.assignAll().block()).isEqualTo(1);
        String mine = TestTokens.token("agt_back", "AGENT", Duration.ofMinutes(5));
        String base = "/api/escalations/" + queued.id();
        // only a case the agent holds (accepted) can be handed back
        handBack(base, mine, "{\"note\":\"Customer confirmed the address\"}", 409);
        web.post()
                .uri(base + "/accept")
                .headers(h -> h.setBearerAuth(mine))
                .exchange()
                .expectStatus()
                .isOk();
        handBack(base, mine, "{\"note\":\"\"}", 400);
        handBack(base, TestTokens.token("agt_someone", "AGENT", Duration.ofMinutes(5)), "{\"note\":\"x\"}", 404);
        handBack(base, TestTokens.customer(queued.customerId()), "{\"note\":\"x\"}", 403);

        handBack(base, mine, "{\"note\":\"Replacement ordered; offer the return label if asked\"}", 200);

        assertThat(find(queued.id()).status()).isEqualTo(Escalation.Status.HANDED_BACK);
        assertThat(agent("agt_back").activeCases()).isZero();
        var back = codec.decode(
                KafkaProbe.awaitRecord(
                                bootstrap,
                                Topics.HANDOFF_AGENT_MESSAGES,
                                r -> queued.conversationId().equals(r.key())
                                        && r.value().contains("agent.handed_back"))
                        .value(),
                AgentHandedBack.class);
        assertThat(back.payload().note()).isEqualTo("Replacement ordered; offer the return label if asked");
        assertThat(back.payload().agentId()).isEqualTo("agt_back");
        handBack(base, mine, "{\"note\":\"again\"}", 409);

        // the customer asks for a person again: the same case waits in the queue again, with the new reason
        events.publish(
                        Topics.HANDOFF_REQUESTS,
                        EventEnvelope.of(
                                queued.conversationId(),
                                queued.customerId(),
                                new HandoffRequested("sentiment", "message scores 6", "en")))
                .block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> find(queued.id()).status() == Escalation.Status.QUEUED
                        || find(queued.id()).status() == Escalation.Status.ASSIGNED);
        Escalation again = find(queued.id());
        assertThat(again.reason()).isEqualTo("sentiment");
        assertThat(again.resolution()).isNull();
    }

    void handBack(String base, String token, String body, int status) {
        web.post()
                .uri(base + "/hand-back")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status);
    }

    @Test
    void theAgentHoldingACaseGetsItsPacketReadWithTheirOwnToken() {
        online("agt_packet");
        Escalation queued = queue(1).get(0);
        assigner.assignAll().block();
        String mine = TestTokens.token("agt_packet", "AGENT", Duration.ofMinutes(5));
        String other = TestTokens.token("agt_nobody", "AGENT", Duration.ofMinutes(5));
        backendAuth.clear();

        web.get()
                .uri("/api/escalations/{id}/packet", queued.id())
                .headers(h -> h.setBearerAuth(mine))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.escalation.conversationId")
                .isEqualTo(queued.conversationId())
                .jsonPath("$.profile.account.name")
                .isEqualTo("Carlos")
                .jsonPath("$.transcript.status")
                .isEqualTo("WITH_AGENT")
                .jsonPath("$.summary.issue")
                .isEqualTo("Late parcel")
                .jsonPath("$.unavailable.length()")
                .isEqualTo(0);
        assertThat(backendAuth).hasSize(3).allSatisfy(a -> assertThat(a).isEqualTo("Bearer " + mine));

        llmDown = true;
        try {
            web.get()
                    .uri("/api/escalations/{id}/packet", queued.id())
                    .headers(h -> h.setBearerAuth(mine))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.summary")
                    .doesNotExist()
                    .jsonPath("$.unavailable[0]")
                    .isEqualTo("summary")
                    .jsonPath("$.profile.account.name")
                    .isEqualTo("Carlos");
        } finally {
            llmDown = false;
        }
        web.get()
                .uri("/api/escalations/{id}/packet", queued.id())
                .headers(h -> h.setBearerAuth(other))
                .exchange()
                .expectStatus()
                .isNotFound();
        web.get()
                .uri("/api/escalations/canned")
                .headers(h -> h.setBearerAuth(mine))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(4);
        web.get()
                .uri("/api/escalations/canned")
                .headers(h -> h.setBearerAuth(TestTokens.customer("cus_x")))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void eachAgentsOwnCapAndLanguagesFromTheAdministrationDecideWhoGetsACase() {
        events.publish(
                        Topics.AGENTS_CHANGED,
                        "agt_de",
                        EventEnvelope.of(null, null, new AgentChanged("agt_de", "Dana", List.of("de"), 1, "ACTIVE")))
                .block(Duration.ofSeconds(10));
        events.publish(
                        Topics.AGENTS_CHANGED,
                        "agt_en",
                        EventEnvelope.of(null, null, new AgentChanged("agt_en", "Eli", List.of("en"), 3, "ACTIVE")))
                .block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> agent("agt_de") != null
                        && agent("agt_en") != null
                        && Integer.valueOf(3).equals(agent("agt_en").maxCases()));
        assertThat(agent("agt_de").languages()).containsExactly("de");
        assertThat(agent("agt_de").status()).as("known, not yet online").isEqualTo(AgentPresence.Status.away);
        for (String id : List.of("agt_de", "agt_en")) {
            web.post()
                    .uri("/api/agents/me/presence")
                    .headers(h -> h.setBearerAuth(TestTokens.token(id, "AGENT", Duration.ofMinutes(5))))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"status\":\"online\"}")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.maxCases")
                    .isEqualTo(id.equals("agt_de") ? 1 : 3);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> assigner.assignAll().block() == 0);
        List<Escalation> cases = queue(List.of("de", "de", "fr", "en", "en"));
        assigner.assignAll().block();

        assertThat(find(cases.get(0).id()).agentId())
                .as("German, to the agent who speaks it")
                .isEqualTo("agt_de");
        assertThat(find(cases.get(1).id()).agentId())
                .as("German again: Dana is full (her cap is 1), Eli helps")
                .isEqualTo("agt_en");
        assertThat(find(cases.get(2).id()).agentId())
                .as("nobody speaks French: the free agent")
                .isEqualTo("agt_en");
        assertThat(find(cases.get(3).id()).agentId())
                .as("Eli's cap is 3, above the default of 2")
                .isEqualTo("agt_en");
        assertThat(find(cases.get(4).id()).status()).as("both are full").isEqualTo(Escalation.Status.QUEUED);
        assertThat(agent("agt_de").activeCases()).isEqualTo(1);
        assertThat(agent("agt_en").activeCases()).isEqualTo(3);

        // the admin raises Dana's cap: the waiting case goes to her at once
        events.publish(
                        Topics.AGENTS_CHANGED,
                        "agt_de",
                        EventEnvelope.of(
                                null, null, new AgentChanged("agt_de", "Dana", List.of("de", "en"), 2, "ACTIVE")))
                .block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "agt_de".equals(find(cases.get(4).id()).agentId()));
    }

    @Test
    void aDeactivatedAgentsStreamEndsAtOnceTheirCasesGoBackAndTheirTokenIsRefused() throws Exception {
        var revocations = listeners.getListenerContainer("session-revocations");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> revocations.getAssignedPartitions() != null
                        && !revocations.getAssignedPartitions().isEmpty());
        String token = TestTokens.token("agt_gone", "AGENT", Duration.ofMinutes(5));
        web.post()
                .uri("/api/agents/me/presence")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"status\":\"online\"}")
                .exchange()
                .expectStatus()
                .isOk();
        List<Escalation> cases = queue(2);
        assigner.assignAll().block(); // (a round started by going online may take one of them meanwhile)
        await().atMost(Duration.ofSeconds(10))
                .until(() -> withStatus(Escalation.Status.ASSIGNED).size() == 2);
        List<ServerSentEvent<String>> received = Collections.synchronizedList(new ArrayList<>());
        var ended = new CompletableFuture<Void>();
        Disposable sse = web.get()
                .uri("/api/escalations/events")
                .headers(h -> h.setBearerAuth(token))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody()
                .doOnComplete(() -> ended.complete(null))
                .subscribe(received::add);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty()); // connected
            Instant revokedAt = Instant.now();
            var revocation = EventEnvelope.withId(
                    "agt_gone:" + revokedAt.toEpochMilli(),
                    null,
                    null,
                    new SessionsRevoked("agt_gone", "AGENT", revokedAt, SessionsRevoked.DEACTIVATED));
            events.publish(Topics.SESSIONS_REVOKED, "agt_gone", revocation).block(Duration.ofSeconds(10));

            ended.get(20, TimeUnit.SECONDS);
            assertThat(received)
                    .filteredOn(e -> e.event() != null)
                    .extracting(ServerSentEvent::event)
                    .containsExactly("session.expired");
            assertThat(received.get(received.size() - 1).data()).contains("account deactivated");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(cases)
                        .allSatisfy(c -> assertThat(find(c.id()).status()).isEqualTo(Escalation.Status.QUEUED));
                assertThat(agent("agt_gone").status()).isEqualTo(AgentPresence.Status.away);
                assertThat(agent("agt_gone").activeCases()).isZero();
            });
            web.get()
                    .uri("/api/agents/me/presence")
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);

            // invited again and back (a token issued after the revocation): the old revocation, read again as
            // after a restart, leaves them and their new cases alone
            Thread.sleep(Math.max(0, revokedAt.plusSeconds(1).toEpochMilli() - System.currentTimeMillis()) + 50);
            String again = TestTokens.issuedNow("agt_gone", "AGENT", Duration.ofMinutes(5));
            web.post()
                    .uri("/api/agents/me/presence")
                    .headers(h -> h.setBearerAuth(again))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"status\":\"online\"}")
                    .exchange()
                    .expectStatus()
                    .isOk();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> withStatus(Escalation.Status.ASSIGNED).size() == 2);
            events.publish(Topics.SESSIONS_REVOKED, "agt_gone", revocation).block(Duration.ofSeconds(10));
            String marker = "agt_marker_" + UUID.randomUUID();
            events.publish(
                            Topics.SESSIONS_REVOKED,
                            marker,
                            EventEnvelope.withId(
                                    marker,
                                    null,
                                    null,
                                    new SessionsRevoked(marker, "AGENT", Instant.now(), SessionsRevoked.DEACTIVATED)))
                    .block(Duration.ofSeconds(10));
            // the marker went to the same listener after the replay: once the marker's subject is refused, the
            // replay has been handled
            String markerToken = TestTokens.token(marker, "AGENT", Duration.ofMinutes(5)); // issued before
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> web.get()
                            .uri("/api/agents/me/presence")
                            .headers(h -> h.setBearerAuth(markerToken))
                            .exchange()
                            .expectStatus()
                            .isUnauthorized());
            assertThat(agent("agt_gone").status()).isEqualTo(AgentPresence.Status.online);
            assertThat(withStatus(Escalation.Status.ASSIGNED))
                    .hasSize(2)
                    .allSatisfy(c -> assertThat(c.agentId()).isEqualTo("agt_gone"));
            web.get()
                    .uri("/api/agents/me/presence")
                    .headers(h -> h.setBearerAuth(again))
                    .exchange()
                    .expectStatus()
                    .isOk();
        } finally {
            sse.dispose();
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    void online(String agentId) {
        mongo.save(new AgentPresence(agentId, agentId, AgentPresence.Status.online, Instant.now(), 0, null))
                .block();
    }

    List<Escalation> queue(int n) {
        List<Escalation> cases = new ArrayList<>();
        Instant start = Instant.now().minusSeconds(3600);
        for (int i = 0; i < n; i++) {
            String conversation = "conv_" + UUID.randomUUID();
            cases.add(mongo.insert(new Escalation(
                            Escalation.idFor(conversation),
                            conversation,
                            "cus_" + i,
                            "customer_request",
                            null,
                            Escalation.Status.QUEUED,
                            null,
                            null,
                            start.plusSeconds(i),
                            null,
                            "evt_" + i,
                            null,
                            null,
                            null,
                            null))
                    .block());
        }
        return cases;
    }

    /** Queued cases in these languages, oldest first. */
    List<Escalation> queue(List<String> languages) {
        List<Escalation> cases = new ArrayList<>();
        Instant start = Instant.now().minusSeconds(3600);
        for (int i = 0; i < languages.size(); i++) {
            String conversation = "conv_" + UUID.randomUUID();
            cases.add(mongo.insert(new Escalation(
                            Escalation.idFor(conversation),
                            conversation,
                            "cus_" + i,
                            "customer_request",
                            null,
                            Escalation.Status.QUEUED,
                            null,
                            null,
                            start.plusSeconds(i),
                            null,
                            "evt_" + i,
                            null,
                            null,
                            null,
                            languages.get(i)))
                    .block());
        }
        return cases;
    }

    List<Escalation> withStatus(Escalation.Status status) {
        return mongo.find(Query.query(Criteria.where("status").is(status)), Escalation.class)
                .collectList()
                .block();
    }

    Escalation find(String id) {
        return mongo.findById(id, Escalation.class).block();
    }

    AgentPresence agent(String id) {
        return mongo.findById(id, AgentPresence.class).block();
    }

    static List<String> ids(List<Escalation> list) {
        return list.stream().map(Escalation::id).toList();
    }
}
