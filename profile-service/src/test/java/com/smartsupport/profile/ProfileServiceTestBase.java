package com.smartsupport.profile;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.smartsupport.platform.testsupport.EmbeddedInfra;
import com.smartsupport.platform.testsupport.FakeService;
import com.smartsupport.platform.testsupport.KafkaProbe;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One application context for all profile-service tests: demo data, real (embedded) Kafka and MongoDB-wire
 * server, a fake conversation-service at the HTTP boundary (for the data export), and three service clients.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "smart.auth.service-clients[0].id=llm-service",
            "smart.auth.service-clients[0].secret=llm-secret",
            "smart.auth.service-clients[0].scopes=profiles:read",
            "smart.auth.service-clients[1].id=crm-sync",
            "smart.auth.service-clients[1].secret=crm-secret",
            "smart.auth.service-clients[1].scopes=profiles:read profiles:write",
            "smart.auth.service-clients[2].id=kb-sync",
            "smart.auth.service-clients[2].secret=kb-secret",
            "smart.auth.service-clients[2].scopes=knowledge:read knowledge:write",
            // site secrets are stored encrypted (SMART_SITES_SECRET_KEY), as in production
            "smart.sites.secret-key=" + ProfileServiceTestBase.SITES_SECRET_KEY
        })
@AutoConfigureWebTestClient
@ActiveProfiles("demo")
public abstract class ProfileServiceTestBase {
    protected static final String CARLOS = "carlos.diaz@example.com";
    protected static final String AMIRA = "amira.haddad@example.com";
    protected static final String AGENT = "agent.lee@example.com";
    protected static final String ADMIN = "admin@example.com";
    /** Base64 of 32 bytes: the key site secrets are encrypted with in the tests. */
    protected static final String SITES_SECRET_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    /** Fake conversation-service: answers the export for any token, or 503 when told to. */
    protected static final FakeService conversations = fakeConversations();

    protected static volatile boolean conversationsDown;

    /** A real SMTP server in the test: invitation e-mails are read from it. */
    protected static final GreenMail smtp = startSmtp();

    @DynamicPropertySource
    protected static void infra(DynamicPropertyRegistry registry) {
        EmbeddedInfra.register(registry);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
        registry.add("spring.mail.properties.mail.smtp.auth", () -> "false");
        registry.add("spring.mail.properties.mail.smtp.starttls.enable", () -> "false");
        conversations.registerAs(registry, "conversation-service");
    }

    @Autowired
    protected WebTestClient web;

    @Value("${spring.kafka.bootstrap-servers}")
    protected String bootstrap;

    @SuppressWarnings("unchecked")
    protected Map<String, Object> login(String email) {
        return web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "support-demo"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    protected String token(String email) {
        return (String) login(email).get("accessToken");
    }

    protected String serviceToken(String client, String secret) {
        return (String) web.post()
                .uri("/api/auth/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("clientId", client, "clientSecret", secret))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("accessToken");
    }

    protected ConsumerRecord<String, String> awaitRecord(
            String topic, Predicate<ConsumerRecord<String, String>> match) {
        return KafkaProbe.awaitRecord(bootstrap, topic, match);
    }

    private static GreenMail startSmtp() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    private static FakeService fakeConversations() {
        return FakeService.answering(request -> {
            if (conversationsDown) {
                return FakeService.status(503);
            }
            if ("/api/conversations/export".equals(request.getPath()) && request.getHeader("Authorization") != null) {
                return FakeService.json("[{\"conversationId\":\"conv_1\",\"status\":\"OPEN\",\"messages\":"
                        + "[{\"role\":\"customer\",\"text\":\"hello\"}]}]");
            }
            return FakeService.status(404);
        });
    }
}
