package com.smartsupport.escalation;

import com.smartsupport.platform.testsupport.ApiDescriptionSnapshot;
import com.smartsupport.platform.testsupport.UsesEmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The API description is the committed one the web client's types are generated from. Configured as
 * {@link EscalationServiceIntegrationTest}, so both share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class OpenApiDescriptionTest implements UsesEmbeddedInfra {
    @Autowired
    WebTestClient web;

    @Test
    void matchesTheCommittedSnapshot() {
        ApiDescriptionSnapshot.verify(web, "escalation-service");
    }
}
