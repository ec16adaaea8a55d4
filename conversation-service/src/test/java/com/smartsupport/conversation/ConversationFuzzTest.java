package com.smartsupport.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.testsupport.EmbeddedInfra;
import com.smartsupport.platform.testsupport.EndpointFuzzer;
import com.smartsupport.platform.testsupport.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every conversation-service endpoint, found in the application context, called with bad input of every kind as
 * every kind of caller: only 4xx problem details come back, never a 500 (see {@link EndpointFuzzer}). Its own
 * database and no Kafka listeners, so it neither sees nor disturbs the flow tests; the context is closed after.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.listener.auto-startup=false", "spring.mongodb.database=conversations-fuzz"})
@AutoConfigureWebTestClient(timeout = "20s")
@DirtiesContext
class ConversationFuzzTest {
    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        EmbeddedInfra.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    ApplicationContext context;

    @Test
    void badInputToAnyEndpointGetsA4xxProblemDetailNeverA500() {
        String owner = TestTokens.customer("cus_fuzz_" + UUID.randomUUID());
        String conversation = start(owner);
        String closable = start(owner);

        var report = EndpointFuzzer.forContext(context, web)
                .service("conversation-service")
                .caller("owner", owner)
                .caller("other customer", TestTokens.customer("cus_fuzz_other_" + UUID.randomUUID()))
                .caller("agent", TestTokens.agent("agt_fuzz_" + UUID.randomUUID()))
                .caller("service", TestTokens.service("llm-service", "profiles:read conversations:read"))
                .caller("no token", null)
                .pathVariable("id", conversation)
                .pathVariable("POST /api/conversations/{id}/feedback", "id", closable)
                .sampleBody("POST /api/conversations/{id}/messages", "{\"text\":\"Where is my order?\"}")
                .sampleBody("POST /api/conversations/{id}/escalate", "{\"reason\":\"I would like a person\"}")
                .sampleBody("POST /api/conversations/{id}/feedback", "{\"rating\":4,\"comment\":\"Quick, thanks\"}")
                .run();

        assertThat(report.endpoints())
                .extracting(EndpointFuzzer.Endpoint::name)
                .contains("POST /api/conversations/{id}/messages", "GET /api/conversations/{id}/events");
        report.assertNoFailures();
    }

    private String start(String token) {
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
}
