package com.smartsupport.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.testsupport.EndpointFuzzer;
import com.smartsupport.platform.testsupport.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every llm-service endpoint, found in the application context, called with bad input of every kind as every kind
 * of caller: only 4xx problem details come back, never a 500 (see {@link EndpointFuzzer}). The transcript the
 * agent reads comes from the fake conversation-service; no Kafka listeners run, so no reply is produced here.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.ai.openai.api-key=test-key", "spring.kafka.listener.auto-startup=false"})
@AutoConfigureWebTestClient
@DirtiesContext
class LlmFuzzTest extends LlmServiceTestBase {
    @Autowired
    WebTestClient web;

    @Autowired
    ApplicationContext context;

    @Test
    void badInputToAnyEndpointGetsA4xxProblemDetailNeverA500() {
        String conversation = "conv_fuzz_" + UUID.randomUUID();
        backends.transcripts.put(conversation, """
                {"conversationId":"%s","customerId":"%s","status":"WITH_AGENT","messages":[
                 {"messageId":"msg_fuzz_1","role":"customer","text":"My parcel is late and nobody answers."}]}""".formatted(conversation, FakeBackends.CARLOS));
        openAi.reset();

        var report = EndpointFuzzer.forContext(context, web)
                .service("llm-service")
                .caller("customer", TestTokens.customer(FakeBackends.CARLOS))
                .caller("agent", TestTokens.agent("agt_fuzz_" + UUID.randomUUID()))
                .caller("service", TestTokens.service("llm-service", "profiles:read conversations:read"))
                .caller("admin", TestTokens.admin("adm_fuzz"))
                .caller("kb-sync", TestTokens.service("kb-sync", "knowledge:read knowledge:write"))
                .caller("no token", null)
                .pathVariable("id", conversation)
                .run();

        assertThat(report.endpoints())
                .extracting(EndpointFuzzer.Endpoint::name)
                .contains(
                        "POST /api/llm/conversations/{id}/summary",
                        "POST /api/llm/conversations/{id}/suggested-reply",
                        "POST /api/knowledge/articles",
                        "PUT /api/knowledge/articles/{id}",
                        "POST /api/knowledge/import",
                        "GET /api/knowledge/search");
        report.assertNoFailures();
    }
}
