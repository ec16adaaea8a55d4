package com.smartsupport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.testsupport.FakeService;
import com.smartsupport.platform.testsupport.TestTokens;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Routing, token validation at the edge, and identity-header stripping, against fake downstream services. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayRoutingTest {
    static final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
    static final FakeService downstream = FakeService.answering(request -> {
        received.add(request);
        if ("/api/sites/site_1/embed".equals(request.getPath())) {
            return FakeService.json("{\"siteId\":\"site_1\",\"name\":\"Acme\",\"guestChats\":false,\"allowedOrigins\":"
                    + "[\"https://shop.example\",\"http://127.0.0.1:9999\",\"https://a.example; script-src *\"]}");
        }
        if ("/api/sites/nope/embed".equals(request.getPath())) {
            return FakeService.status(404);
        }
        return FakeService.json("{\"path\":\"" + request.getPath() + "\"}");
    });
    static final int DOWN_PORT = FakeService.freePort();

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        String url = downstream.url();
        for (String s : List.of("PROFILE", "CONVERSATION", "ESCALATION")) {
            registry.add("SMART_" + s + "_SERVICE_URL", () -> url);
        }
        // llm-service is down: nothing listens on its port
        registry.add("SMART_LLM_SERVICE_URL", () -> "http://127.0.0.1:" + DOWN_PORT);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens::jwkSetUri);
    }

    @AfterAll
    static void stop() throws IOException {
        downstream.close();
    }

    @Autowired
    WebTestClient web;

    @BeforeEach
    void clear() {
        received.clear();
    }

    @Test
    void thePublicPortServesNoActuatorEndpoint() {
        for (String path : List.of(
                "/actuator/prometheus", "/actuator/health", "/actuator/gateway/routes", "/actuator/env", "/actuator")) {
            // 404 where the path is public anyway (health, metrics), 401 for the rest: nothing is served
            web.get()
                    .uri(path)
                    .exchange()
                    .expectStatus()
                    .value(status -> assertThat(status).isIn(401, 404))
                    .expectBody(String.class)
                    .value(body -> assertThat(body)
                            .doesNotContain("jvm_", "\"status\":\"UP\"", "127.0.0.1:" + downstream.port()));
        }
    }

    @Test
    void aServiceThatIsDownIsA503ProblemWithRetryAfterNotA500() {
        web.post()
                .uri("/api/llm/suggest-reply")
                .headers(h -> h.setBearerAuth(TestTokens.agent("agt_1")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"conversationId\":\"c1\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(HttpHeaders.RETRY_AFTER, "5")
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(503)
                .jsonPath("$.detail")
                .value(d -> assertThat(d.toString()).doesNotContain("Exception", "127.0.0.1"));
    }

    @Test
    void authenticatedCallsAreRoutedWithTheTokenAndWithoutClientSentIdentity() {
        String token = TestTokens.customer("cus_1");
        for (String path : List.of(
                "/api/conversations",
                "/api/conversations/c1/messages",
                "/api/profiles/me",
                "/api/escalations",
                "/api/agents/me/presence")) {
            web.get()
                    .uri(path)
                    .headers(h -> {
                        h.setBearerAuth(token);
                        h.set("X-User-Id", "cus_someone_else");
                        h.set("X-Roles", "AGENT");
                    })
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.path")
                    .isEqualTo(path);
        }
        assertThat(received).hasSize(5).allSatisfy(r -> {
            assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + token);
            assertThat(r.getHeader("X-User-Id")).isNull();
            assertThat(r.getHeader("X-Roles")).isNull();
        });
    }

    @Test
    void eachUsersMessagesAreRateLimitedWithRetryAfterAndOthersAreNotAffected() {
        String flooder = TestTokens.customer("cus_flood_" + System.nanoTime());
        String other = TestTokens.customer("cus_calm_" + System.nanoTime());
        int accepted = 0;
        for (int i = 0; i < 10; i++) { // the burst
            accepted += sendMessage(flooder, "c1")
                            .expectStatus()
                            .isOk()
                            .returnResult(String.class)
                            .getStatus()
                            .is2xxSuccessful()
                    ? 1
                    : 0;
        }
        assertThat(accepted).isEqualTo(10);
        sendMessage(flooder, "c1")
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .value(
                        HttpHeaders.RETRY_AFTER,
                        v -> assertThat(Integer.parseInt(v)).isBetween(1, 5))
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(429);
        assertThat(received).hasSize(10); // the refused one never reached the service
        sendMessage(other, "c2").expectStatus().isOk();
        // reading is not limited
        web.get()
                .uri("/api/conversations/c1")
                .headers(h -> h.setBearerAuth(flooder))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void anOversizedBodyIsRefusedAtTheGatewayWithAProblem() {
        String token = TestTokens.customer("cus_big");
        web.post()
                .uri("/api/conversations/c1/messages")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"text\":\"" + "x".repeat(70_000) + "\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat(d.toString()).contains("at most"));
        assertThat(received).isEmpty();
    }

    WebTestClient.ResponseSpec sendMessage(String token, String conversation) {
        return web.post()
                .uri("/api/conversations/{id}/messages", conversation)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"text\":\"hello\"}")
                .exchange();
    }

    @Test
    void callsWithoutAValidTokenStopAtTheGateway() {
        web.get()
                .uri("/api/conversations")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get()
                .uri("/api/conversations")
                .headers(h -> h.setBearerAuth(TestTokens.foreignSigned("cus_1")))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        web.get()
                .uri("/api/conversations")
                .headers(h -> h.setBearerAuth(TestTokens.expiredCustomer("cus_1")))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        assertThat(received).isEmpty();
    }

    @Test
    void loginAndTheServiceTokenExchangeArePublicAndGoToProfileService() {
        web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(received).hasSize(1);
        // a help-centre importer outside the cluster exchanges the kb-sync client's secret for a token
        String exchange = "{\"clientId\":\"kb-sync\",\"clientSecret\":\"s\"}";
        web.post()
                .uri("/api/auth/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(exchange)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.path")
                .isEqualTo("/api/auth/token");
        assertThat(received).hasSize(2);
        assertThat(received.get(1).getMethod()).isEqualTo("POST");
        assertThat(received.get(1).getBody().readUtf8()).isEqualTo(exchange);
        // only the exchange itself is routed
        web.get()
                .uri("/api/auth/token")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.post()
                .uri("/api/auth/token/x")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(exchange)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        assertThat(received).hasSize(2);
    }

    @Test
    void anInvitationLinkIsPublicAndAgentAdministrationNeedsAToken() {
        web.post()
                .uri("/api/auth/invitations/abc_DEF-123")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"password\":\"a long enough passphrase\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.path")
                .isEqualTo("/api/auth/invitations/abc_DEF-123");
        assertThat(received).hasSize(1);
        // only the one-segment POST is public
        web.post()
                .uri("/api/auth/invitations/a/b")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        web.get().uri("/api/admin/agents").exchange().expectStatus().isUnauthorized();
        assertThat(received).hasSize(1);
        String admin = TestTokens.admin("adm_" + System.nanoTime());
        web.get()
                .uri("/api/admin/agents")
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.path")
                .isEqualTo("/api/admin/agents");
        web.patch()
                .uri("/api/admin/agents/agt_1")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"maxCases\":2}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.path")
                .isEqualTo("/api/admin/agents/agt_1");
        assertThat(received).hasSize(3);
    }

    @Test
    void aShopsIdentityTokenAndAGuestSignInArePublicAndSiteAdministrationNeedsAToken() {
        String identity = "{\"identityToken\":\"eyJh.eyJz.c2ln\",\"siteId\":\"site_1\"}";
        web.post()
                .uri("/api/auth/identity")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(identity)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.path")
                .isEqualTo("/api/auth/identity");
        web.post()
                .uri("/api/auth/guest")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"siteId\":\"site_1\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.path")
                .isEqualTo("/api/auth/guest");
        assertThat(received).hasSize(2);
        assertThat(received.get(0).getMethod()).isEqualTo("POST");
        assertThat(received.get(0).getBody().readUtf8())
                .as("the token reaches profile-service as sent")
                .isEqualTo(identity);
        // only those two POSTs are public
        web.get()
                .uri("/api/auth/identity")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        for (String path : List.of("/api/auth/identity/x", "/api/auth/guest/x", "/api/auth/identityx")) {
            web.post()
                    .uri(path)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(identity)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }
        web.get().uri("/api/admin/sites").exchange().expectStatus().isUnauthorized();
        web.post()
                .uri("/api/admin/sites/site_1/secret")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        assertThat(received).as("nothing else reached a service").hasSize(2);

        String admin = TestTokens.admin("adm_" + System.nanoTime());
        web.get()
                .uri("/api/admin/sites")
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.path")
                .isEqualTo("/api/admin/sites");
        web.patch()
                .uri("/api/admin/sites/site_1")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"guestChats\":true}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.path")
                .isEqualTo("/api/admin/sites/site_1");
        web.post()
                .uri("/api/admin/sites/site_1/secret")
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.path")
                .isEqualTo("/api/admin/sites/site_1/secret");
        assertThat(received).hasSize(5);
        assertThat(received.get(4).getHeader("Authorization")).isEqualTo("Bearer " + admin);
    }

    @Test
    void aPasswordChangeIsRoutedWithTheCallersToken() {
        String body = "{\"currentPassword\":\"old passphrase\",\"newPassword\":\"a new long passphrase\"}";
        web.post()
                .uri("/api/auth/password")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        assertThat(received).isEmpty();
        String agent = TestTokens.agent("agt_" + System.nanoTime());
        web.post()
                .uri("/api/auth/password")
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.path")
                .isEqualTo("/api/auth/password");
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getHeader("Authorization")).isEqualTo("Bearer " + agent);
        web.get()
                .uri("/api/auth/password")
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(received).hasSize(1);
    }

    @Test
    void anAdminTokenIsRoutedLikeAnyOtherWithoutClientSentIdentity() {
        String admin = TestTokens.admin("adm_" + System.nanoTime());
        web.get()
                .uri("/api/profiles/me")
                .headers(h -> {
                    h.setBearerAuth(admin);
                    h.set("X-Roles", "AGENT");
                })
                .exchange()
                .expectStatus()
                .isOk();
        // its chat messages pass the rate limit like anyone's (the service then refuses an admin)
        sendMessage(admin, "c1").expectStatus().isOk();
        assertThat(received).hasSize(2).allSatisfy(r -> {
            assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + admin);
            assertThat(r.getHeader("X-Roles")).isNull();
        });
    }

    @Test
    void theWidgetsFrameMayBeFramedByItsSitesOriginsOnlyAndItsLoaderIsPublic() {
        web.get()
                .uri("/widget.html?site=site_1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader()
                .value(
                        "Content-Security-Policy",
                        csp -> assertThat(csp)
                                .contains(
                                        "frame-ancestors https://shop.example http://127.0.0.1:9999",
                                        "script-src 'self'")
                                .doesNotContain("frame-ancestors 'none'", "a.example", "script-src *"));
        for (String uri : List.of(
                "/widget.html?site=nope",
                "/widget.html",
                "/widget.html?site=..%2Fx",
                "/widget.html?site=" + "a".repeat(65))) {
            web.get()
                    .uri(uri)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .value(
                            "Content-Security-Policy",
                            csp -> assertThat(csp).as(uri).contains("frame-ancestors 'none'"));
        }
        assertThat(received)
                .extracting(RecordedRequest::getPath)
                .as("only well-formed site ids are looked up")
                .containsOnly("/api/sites/site_1/embed", "/api/sites/nope/embed");
        // the site's embed settings are public (the frame reads them before anyone signs in)
        web.get()
                .uri("/api/sites/site_1/embed")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo("Acme");
        int before = received.size();
        web.post()
                .uri("/api/sites/site_1/embed")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(received).as("only the GET is routed").hasSize(before);
        String loader = web.get()
                .uri("/widget.js")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value(HttpHeaders.CONTENT_TYPE, type -> assertThat(type).contains("javascript"))
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(loader).contains("SmartSupport", "data-site", "/widget.html?site=");
    }

    @Test
    void theWebClientIsServedWithoutLoginWithCachingAndAContentSecurityPolicy() {
        String html = web.get()
                .uri("/")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader()
                .value(
                        "Content-Security-Policy",
                        csp -> assertThat(csp)
                                .contains("script-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
                                .doesNotContain("unsafe-inline", "unsafe-eval"))
                .expectHeader()
                .value(HttpHeaders.CACHE_CONTROL, cc -> assertThat(cc).contains("no-store"))
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(html).contains("<title>SMART Support</title>", "lang=\"en\"", "name=\"description\"");
        var script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(html);
        assertThat(script.find())
                .as("the page loads its script from /assets/: %s", html)
                .isTrue();
        web.get()
                .uri(script.group(1))
                .header(HttpHeaders.ACCEPT_ENCODING, "gzip")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value(HttpHeaders.CACHE_CONTROL, cc -> assertThat(cc).contains("max-age=31536000", "immutable"))
                .expectHeader()
                .valueEquals(HttpHeaders.CONTENT_ENCODING, "gzip");
        web.get().uri("/robots.txt").exchange().expectStatus().isOk();
        web.get().uri("/favicon.svg").exchange().expectStatus().isOk();
        web.get().uri("/assets/missing.js").exchange().expectStatus().isNotFound();
    }
}
