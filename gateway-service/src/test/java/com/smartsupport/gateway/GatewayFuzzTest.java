package com.smartsupport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.testsupport.EndpointFuzzer;
import com.smartsupport.platform.testsupport.FakeService;
import com.smartsupport.platform.testsupport.TestTokens;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway fuzzed like the services (its own endpoints from the context, every route from the route
 * definitions), plus the path tricks aimed at an edge proxy: {@code /api/../actuator/env}, encoded and raw
 * traversal, {@code //api}, encoded slashes and backslashes, {@code %2e%2e}, absolute-form targets, very long paths
 * and headers. Every answer must be below 500, a 4xx a problem detail, nothing under {@code /api} the web client's
 * page; and whatever reaches the (fake) services must be a plain, normalised path under a routed prefix, never
 * the actuator, and the token exchange only as exactly {@code POST /api/auth/token}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
class GatewayFuzzTest {
    /** What the gateway forwards to, and what the services received: method and path (drained after every answer). */
    static final ConcurrentLinkedQueue<String> forwarded = new ConcurrentLinkedQueue<>();

    static final FakeService services = FakeService.answering(request -> {
        forwarded.add(request.getMethod() + " " + request.getPath());
        // as a real service answers: a HEAD gets the headers only
        return "HEAD".equals(request.getMethod()) ? FakeService.json("") : FakeService.json("{\"ok\":true}");
    });
    static final List<String> ROUTED = List.of(
            "/api/profiles",
            "/api/conversations",
            "/api/llm/",
            "/api/escalations",
            "/api/agents/",
            "/api/knowledge/",
            "/api/admin/agents",
            "/api/auth/invitations/",
            "/api/auth/password",
            "/api/sites/",
            "/api/admin/sites",
            "/api/auth/identity",
            "/api/auth/guest");

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        String url = services.url();
        for (String s : List.of("PROFILE", "CONVERSATION", "LLM", "ESCALATION")) {
            registry.add("SMART_" + s + "_SERVICE_URL", () -> url);
        }
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens::jwkSetUri);
    }

    @AfterAll
    static void stop() throws IOException {
        services.close();
    }

    @Autowired
    WebTestClient web;

    @Autowired
    ApplicationContext context;

    @Autowired
    RouteDefinitionLocator routes;

    @Test
    void pathTricksAndBadInputGetProblemDetailsAndNeverReachARouteTheyShouldNot() {
        var fuzzer = EndpointFuzzer.forContext(context, web)
                .service("gateway-service")
                .caller("customer", TestTokens.customer("cus_fuzz"))
                .caller("agent", TestTokens.agent("agt_fuzz"))
                .caller("no token", null)
                .pathVariable("rest", "c1");
        List<String> patterns = new ArrayList<>();
        for (RouteDefinition route : routes.getRouteDefinitions().collectList().block(Duration.ofSeconds(10))) {
            route.getPredicates().stream()
                    .filter(p -> p.getName().equals("Path"))
                    .flatMap(p -> p.getArgs().values().stream())
                    .map(p -> p.replace("/**", "/{*rest}"))
                    .forEach(patterns::add);
        }
        assertThat(patterns)
                .contains(
                        "/api/auth/login",
                        "/api/auth/token",
                        "/api/conversations/{*rest}",
                        "/api/llm/{*rest}",
                        "/api/knowledge",
                        "/api/knowledge/{*rest}");
        for (String pattern : patterns) {
            // a route takes any method: GET carries the path tricks, other methods come as "unmapped" ones; POST
            // with bodies (oversized, malformed) where no path variable would repeat them
            fuzzer.endpoint("GET", pattern);
            if (!pattern.contains("{")) {
                fuzzer.endpoint("POST", pattern);
            }
        }
        for (String target : List.of(
                "/api/../actuator/env",
                "/api/conversations/../../actuator/env",
                "/api/conversations/..%2F..%2Factuator",
                "/api/conversations/..%2f..%2factuator%2fenv",
                "/api/conversations%2F..%2F..%2Factuator%2Fenv",
                "/api/profiles/%2e%2e/%2e%2e/actuator/env",
                "/api/%2e%2e/actuator/gateway/routes",
                "/api/profiles/%252e%252e%252f%252e%252e%252factuator",
                "/api/profiles/..%5C..%5Cactuator%5Cenv",
                "/api/profiles\\..\\..\\actuator\\env",
                "//api/conversations",
                "//api/auth/token",
                "/api//conversations",
                "/api/conversations//..//",
                "/api/auth/token",
                "/api%2Fauth%2Ftoken",
                "/api/auth/token%00",
                "/api/auth/token;x=1",
                "/api/auth/./token",
                "/api/auth/token/",
                "/API/AUTH/TOKEN",
                "/api/auth/login/../token",
                "/api/auth/login%2F..%2Ftoken",
                "/api/auth/login;/../token",
                "/api/auth/login%3B/../token",
                "/api/llm/../escalations",
                "/api/llm/%2e%2e/%2e%2e/actuator",
                "/api/agents/..;/..;/actuator",
                "/actuator/env",
                "/actuator/gateway/routes",
                "/actuator/gateway/routes/..%2f..",
                "/actuator/health/..%2F..%2Fenv",
                "/%2e%2e/%2e%2e/etc/passwd",
                "/assets/..%2F..%2Fapplication.yml",
                "/assets/../application.yml",
                "/assets/%2e%2e/%2e%2e/application.yml",
                "/index.html/..%2F..%2Fapplication.yml",
                "/api",
                "/api/",
                "/api/unknown",
                "/api/conversations?x=../..",
                "/api/conversations#fragment",
                "/api/conversations/%00",
                "/api/conversations/%C0%AE%C0%AE%C0%AF",
                "/api/conversations/" + "c".repeat(3500),
                "/api/conversations/" + "c".repeat(9000),
                "/api/" + "a/".repeat(1500),
                "http://evil.example/api/conversations",
                "*")) {
            fuzzer.target(target);
        }
        var report = fuzzer.check(this::neverTheWebClientPageForTheApi)
                .check(this::onlyPlainRoutedPathsForwarded)
                .run();

        report.assertNoFailures();
    }

    /** An {@code /api} path never gets the web client's page, whatever it looks like. */
    String neverTheWebClientPageForTheApi(EndpointFuzzer.Sent sent, EndpointFuzzer.Received received) {
        String path = sent.target().toLowerCase(Locale.ROOT);
        MediaType type = received.headers().getContentType();
        return (path.startsWith("/api") || path.contains("/api/"))
                        && type != null
                        && type.isCompatibleWith(MediaType.TEXT_HTML)
                ? "the web client's page for an API path"
                : null;
    }

    /**
     * Whatever reached a service is a normalised path under a routed prefix: no traversal; the token exchange only
     * as exactly {@code POST /api/auth/token}.
     */
    String onlyPlainRoutedPathsForwarded(EndpointFuzzer.Sent sent, EndpointFuzzer.Received received) {
        String request;
        while ((request = forwarded.poll()) != null) {
            String method = request.substring(0, request.indexOf(' '));
            String path = request.substring(request.indexOf(' ') + 1);
            String decoded = decode(path.split("\\?", 2)[0]).replace('\\', '/');
            // exactly the exchange, as sent: no encoded or normalised look-alike
            boolean tokenExchange = path.split("\\?", 2)[0].equals("/api/auth/token") && "POST".equals(method);
            boolean routed = decoded.equals("/api/auth/login")
                    || decoded.equals("/api/knowledge")
                    || tokenExchange
                    || ROUTED.stream().anyMatch(decoded::startsWith);
            if (!routed
                    || decoded.contains("/../")
                    || decoded.endsWith("/..")
                    || decoded.contains("/./")
                    || decoded.contains("//")
                    || decoded.contains("\u0000")
                    || decoded.contains("actuator")
                    || (decoded.contains("/api/auth/token") && !tokenExchange)) {
                return "forwarded to a service as " + method + " " + path;
            }
        }
        return null;
    }

    private static String decode(String path) {
        String current = path;
        for (int i = 0; i < 3; i++) {
            try {
                String next = URLDecoder.decode(current.replace("+", "%2B"), StandardCharsets.UTF_8);
                if (next.equals(current)) {
                    break;
                }
                current = next;
            } catch (IllegalArgumentException e) {
                break;
            }
        }
        return current;
    }
}
