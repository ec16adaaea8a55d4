package com.smartsupport.llm;

import com.smartsupport.platform.testsupport.ApiDescriptionSnapshot;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The API description is the committed one the web client's types are generated from. Configured as
 * {@link LlmServiceIntegrationTest}, so both share one application context.
 */
@SpringBootTest(properties = "spring.ai.openai.api-key=test-key")
@AutoConfigureWebTestClient
class OpenApiDescriptionTest extends LlmServiceTestBase {
    @Autowired
    WebTestClient web;

    @Test
    void matchesTheCommittedSnapshot() {
        ApiDescriptionSnapshot.verify(web, "llm-service");
    }
}
