package com.smartsupport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.testsupport.FakeService;
import com.smartsupport.platform.testsupport.TestTokens;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Several instances of a backend (SMART_INSTANCES=2 ./run): the gateway spreads requests over them, and one that
 * is down (killed, restarting) costs no request, not even a POST, since a refused connection never reached it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayLoadBalancingTest {
    static final AtomicInteger toFirst = new AtomicInteger();
    static final AtomicInteger toSecond = new AtomicInteger();
    static final FakeService first = counting(toFirst);
    static final FakeService second = counting(toSecond);
    static final int DOWN_PORT = FakeService.freePort();

    static FakeService counting(AtomicInteger count) {
        return FakeService.answering(request -> {
            count.incrementAndGet();
            return FakeService.json("{\"ok\":true}");
        });
    }

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        // three instances, the middle one down
        registry.add(
                "SMART_CONVERSATION_SERVICE_URL",
                () -> first.url() + ", http://127.0.0.1:" + DOWN_PORT + "," + second.url());
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens::jwkSetUri);
    }

    @AfterAll
    static void stop() throws IOException {
        first.close();
        second.close();
    }

    @Autowired
    WebTestClient web;

    @Test
    void requestsAreSpreadOverTheInstancesAndOneThatIsDownLosesNone() {
        String token = TestTokens.customer("cus_1");
        for (int i = 0; i < 30; i++) {
            web.get()
                    .uri("/api/conversations")
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isOk();
            web.post()
                    .uri("/api/conversations")
                    .headers(h -> h.setBearerAuth(token))
                    .header("Content-Type", "application/json")
                    .bodyValue("{}")
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        assertThat(toFirst.get() + toSecond.get())
                .as("every request answered by a live instance, once")
                .isEqualTo(60);
        assertThat(toFirst.get()).as("the first instance took a share").isGreaterThanOrEqualTo(15);
        assertThat(toSecond.get()).as("the second instance took a share").isGreaterThanOrEqualTo(15);
    }

    @Test
    void aBackendWithNoLiveInstanceIsA503Problem() {
        // profile-service has its default URL, where nothing listens in this test
        web.get()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth(TestTokens.customer("cus_1")))
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentTypeCompatibleWith("application/problem+json");
    }
}
