package com.smartsupport.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.escalation.queue.Escalation;
import com.smartsupport.platform.testsupport.EmbeddedInfra;
import com.smartsupport.platform.testsupport.EndpointFuzzer;
import com.smartsupport.platform.testsupport.FakeService;
import com.smartsupport.platform.testsupport.TestTokens;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every escalation-service endpoint, found in the application context, called with bad input of every kind as
 * every kind of caller: only 4xx problem details come back, never a 500 (see {@link EndpointFuzzer}). Its own
 * database, no Kafka listeners and no assignment rounds, so it neither sees nor disturbs the other tests; the
 * services the hand-off packet reads are a fake that answers {@code {}}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.kafka.listener.auto-startup=false",
            "spring.mongodb.database=escalations-fuzz",
            "smart.escalation.assign-interval=1h"
        })
@AutoConfigureWebTestClient
@DirtiesContext
class EscalationFuzzTest {
    static final FakeService backends = FakeService.answeringJson("{}");

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        EmbeddedInfra.register(registry);
        backends.registerAs(registry, "profile-service", "conversation-service", "llm-service");
    }

    @AfterAll
    static void stop() throws IOException {
        backends.close();
    }

    @Autowired
    WebTestClient web;

    @Autowired
    ApplicationContext context;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Test
    void badInputToAnyEndpointGetsA4xxProblemDetailNeverA500() {
        String agentId = "agt_fuzz_" + UUID.randomUUID();
        String agent = TestTokens.agent(agentId);
        String held = assignedCase(agentId);
        String toClose = assignedCase(agentId);

        var report = EndpointFuzzer.forContext(context, web)
                .service("escalation-service")
                .caller("customer", TestTokens.customer("cus_fuzz_" + UUID.randomUUID()))
                .caller("agent", agent)
                .caller("other agent", TestTokens.agent("agt_fuzz_other_" + UUID.randomUUID()))
                .caller("service", TestTokens.service("llm-service", "profiles:read conversations:read"))
                .caller("no token", null)
                .pathVariable("id", held)
                .pathVariable("POST /api/escalations/{id}/close", "id", toClose)
                .sampleBody("POST /api/agents/me/presence", "{\"status\":\"away\"}")
                .sampleBody("POST /api/escalations/{id}/messages", "{\"text\":\"I am looking into it now.\"}")
                .sampleBody("POST /api/escalations/{id}/close", "{\"resolution\":\"Refund issued\"}")
                .sampleBody("POST /api/escalations/{id}/hand-back", "{\"note\":\"Refund issued; over to you\"}")
                .run();

        assertThat(report.endpoints())
                .extracting(EndpointFuzzer.Endpoint::name)
                .contains(
                        "POST /api/escalations/{id}/messages",
                        "GET /api/escalations/events",
                        "POST /api/agents/me/presence");
        report.assertNoFailures();
    }

    /** A case already assigned to the agent, in this test's own database. */
    private String assignedCase(String agentId) {
        String conversation = "conv_fuzz_" + UUID.randomUUID();
        Escalation e = new Escalation(
                Escalation.idFor(conversation),
                conversation,
                "cus_fuzz",
                "customer_request",
                "fuzz",
                Escalation.Status.ASSIGNED,
                agentId,
                "Fuzz Agent",
                Instant.now(),
                Instant.now(),
                null,
                null,
                null,
                null,
                null);
        return mongo.insert(e).block(Duration.ofSeconds(10)).id();
    }
}
