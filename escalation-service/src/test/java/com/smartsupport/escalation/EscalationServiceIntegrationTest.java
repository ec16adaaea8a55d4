package com.smartsupport.escalation;

import static com.smartsupport.platform.testsupport.AuthMatrix.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import com.smartsupport.escalation.queue.Escalation;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.HandoffRequested;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.testsupport.AuthMatrix;
import com.smartsupport.platform.testsupport.AuthMatrix.Who;
import com.smartsupport.platform.testsupport.KafkaProbe;
import com.smartsupport.platform.testsupport.TestTokens;
import com.smartsupport.platform.testsupport.UsesEmbeddedInfra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Hand-off requests from Kafka reach the agents' queue once; only agents see it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class EscalationServiceIntegrationTest implements UsesEmbeddedInfra {
    @Autowired
    WebTestClient web;

    @Autowired
    EventPublisher events;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    final String agent = TestTokens.agent("agt_" + UUID.randomUUID());

    @Test
    void aHandoffRequestIsQueuedOnceHoweverOftenItIsDelivered() {
        String conversation = "conv_" + UUID.randomUUID();
        var request = EventEnvelope.of(conversation, "cus_1", new HandoffRequested("customer_request", "please"));
        events.publish(Topics.HANDOFF_REQUESTS, request).block(Duration.ofSeconds(10));
        events.publish(Topics.HANDOFF_REQUESTS, request).block(Duration.ofSeconds(10));
        events.publish(
                        Topics.HANDOFF_REQUESTS,
                        EventEnvelope.of(conversation, "cus_1", new HandoffRequested("customer_request", "again")))
                .block(Duration.ofSeconds(10));

        // one case, whatever its state by now (an online agent may already hold it)
        var byConversation = Query.query(Criteria.where("conversationId").is(conversation));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> mongo.count(byConversation, Escalation.class).block() == 1);
        await().pollDelay(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> mongo.count(byConversation, Escalation.class).block() == 1);
        var escalation = mongo.findOne(byConversation, Escalation.class).block();
        assertThat(escalation.reason()).isEqualTo("customer_request");
        assertThat(escalation.detail()).isEqualTo("please");
        if (escalation.status() == Escalation.Status.QUEUED) {
            // a case still waiting is announced again on every request (an instance may have died before announcing
            // it): the customer always learns their place in line
            List<ConsumerRecord<String, String>> announced = KafkaProbe.records(
                    bootstrap,
                    Topics.HANDOFF_ASSIGNMENTS,
                    r -> conversation.equals(r.key()) && r.value().contains("handoff.queued"),
                    Duration.ofSeconds(5));
            assertThat(announced).hasSize(3);
        }
    }

    @Test
    void onlyAgentsReachTheQueueAndPresence() {
        String customer = TestTokens.customer("cus_" + UUID.randomUUID());
        web.get()
                .uri("/api/escalations")
                .headers(h -> h.setBearerAuth(customer))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.post()
                .uri("/api/agents/me/presence")
                .headers(h -> h.setBearerAuth(customer))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("status", "online"))
                .exchange()
                .expectStatus()
                .isForbidden();
        web.get().uri("/api/escalations").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void agentsSetTheirPresenceWithValidation() {
        web.post()
                .uri("/api/agents/me/presence")
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("status", "online"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("online");
        web.get()
                .uri("/api/agents/me/presence")
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("online");
        web.post()
                .uri("/api/agents/me/presence")
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("status", "asleep"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get()
                .uri("/api/escalations?status=NOPE")
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @TestFactory
    List<DynamicTest> everyEndpointAsEveryCaller() {
        String customer = TestTokens.customer("cus_" + UUID.randomUUID());
        String other = TestTokens.customer("cus_" + UUID.randomUUID());
        String admin = TestTokens.admin("adm_" + UUID.randomUUID());
        String unknownCase = "/api/escalations/esc_" + UUID.randomUUID();
        // an admin runs the support set-up, it does not take cases: every agent endpoint refuses it (403 by default)
        var rows = List.of(
                row(GET, "/api/escalations")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 200)
                        .build(),
                row(GET, "/api/escalations?status=ASSIGNED")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 200)
                        .build(),
                row(POST, "/api/agents/me/presence")
                        .body("{\"status\":\"away\"}")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 200)
                        .build(),
                row(GET, "/api/agents/me/presence")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 200)
                        .build(),
                // the agent's own stream never ends; it is exercised in AssignmentTest
                row(GET, "/api/escalations/events")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .build(),
                row(GET, "/api/escalations/canned")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 200)
                        .build(),
                // a case that is not the agent's: 404 for the agent, the role check first for everyone else
                row(GET, unknownCase + "/packet")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 404)
                        .build(),
                row(POST, unknownCase + "/accept")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 404)
                        .build(),
                row(POST, unknownCase + "/messages")
                        .body("{\"text\":\"hello\"}")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 404)
                        .build(),
                row(POST, unknownCase + "/close")
                        .body("{\"resolution\":\"done\"}")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 404)
                        .build(),
                row(POST, unknownCase + "/hand-back")
                        .body("{\"note\":\"over to you\"}")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 404)
                        .build());
        return AuthMatrix.tests(web, rows, who -> switch (who) {
            case OWNER -> customer;
            case OTHER_CUSTOMER -> other;
            case AGENT, SERVICE -> agent;
            case ADMIN -> admin;
            case NO_TOKEN -> null;
            case EXPIRED -> TestTokens.expiredCustomer("cus_x");
            case BAD_SIGNATURE -> TestTokens.foreignSigned("cus_x");
            case ALG_NONE -> TestTokens.unsigned("agt_x", "AGENT");
            case WRONG_ISSUER -> TestTokens.wrongIssuer("cus_x");
        });
    }
}
