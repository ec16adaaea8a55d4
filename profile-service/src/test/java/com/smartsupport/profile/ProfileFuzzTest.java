package com.smartsupport.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.testsupport.EndpointFuzzer;
import com.smartsupport.platform.testsupport.TestTokens;
import com.smartsupport.profile.identity.SigningKeys;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;

/**
 * Every profile-service endpoint, found in the application context, called with bad input of every kind as every
 * kind of caller: only 4xx problem details come back, never a 500 (see {@link EndpointFuzzer}). The customer is
 * one made for this test (it erases itself: DELETE /api/profiles/me runs last), so the demo data stays as it is.
 */
class ProfileFuzzTest extends ProfileServiceTestBase {
    @Autowired
    ApplicationContext context;

    @Autowired
    SigningKeys keys;

    @Test
    void badInputToAnyEndpointGetsA4xxProblemDetailNeverA500() {
        String agent = token(AGENT);
        String email = "fuzz." + UUID.randomUUID() + "@example.com";
        String customerId = (String) web.post()
                .uri("/api/profiles")
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("account", Map.of("name", "Fuzz Person", "email", email)))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");
        var key = keys.current();
        String owner =
                TestTokens.signedWith(key, customerId, "CUSTOMER", Duration.ofMinutes(15), TestTokens.ISSUER, null);
        String other = TestTokens.signedWith(
                key, "cus_fuzz_other", "CUSTOMER", Duration.ofMinutes(15), TestTokens.ISSUER, null);
        String crm = serviceToken("crm-sync", "crm-secret");
        // an order of theirs, delivered two days ago and returned: the sample for the order and return endpoints
        LocalDate deliveredOn = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        web.post()
                .uri("/api/profiles/{id}/purchases", customerId)
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"orderId\":\"ORD-FUZZ0\",\"product\":\"FitBand 5\",\"purchaseDate\":\""
                        + deliveredOn.minusDays(3) + "\",\"orderStatus\":\"delivered\",\"shippingStatus\":\"delivered "
                        + deliveredOn + "\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
        String rma = (String) web.post()
                .uri("/api/profiles/me/orders/ORD-FUZZ0/returns")
                .headers(h -> {
                    h.setBearerAuth(owner);
                    h.set("Idempotency-Key", "fuzz-return-" + UUID.randomUUID());
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\":\"faulty\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("rma");

        var report = EndpointFuzzer.forContext(context, web)
                .service("profile-service")
                .caller("owner", owner)
                .caller("other customer", other)
                .caller("agent", agent)
                .caller("service", crm)
                .caller("no token", null)
                .pathVariable("customerId", customerId)
                .pathVariable("orderId", "ORD-FUZZ0")
                .pathVariable("rma", rma)
                .sampleBody("POST /api/profiles/me/orders/{orderId}/returns", """
                        {"reason":"changed_mind","note":"Too big for my wrist"}""")
                .sampleBody("PUT /api/profiles/{customerId}/orders/{orderId}/returns/{rma}", """
                        {"status":"LABEL_SENT"}""")
                .sampleBody("POST /api/profiles/me/subscription/pause", """
                        {"months":1}""")
                .sampleBody("PUT /api/profiles/me/preferences/contact-channel", """
                        {"channel":"chat"}""")
                .sampleBody("POST /api/profiles", """
                        {"account":{"name":"Fuzz Twin","email":"fuzz.twin.%s@example.com","language":"en"}}""".formatted(UUID.randomUUID()))
                .sampleBody("PUT /api/profiles/{customerId}", """
                        {"account":{"name":"Fuzz Person","email":"%s","language":"fr-CA","tier":"gold"},
                         "preferences":{"contactChannel":"chat","interests":["audio"],"accessibility":["large text"]},
                         "subscription":{"plan":"Plus","status":"active","renewsOn":"2027-01-01"}}""".formatted(email))
                .sampleBody("POST /api/profiles/{customerId}/purchases", """
                        {"orderId":"ORD-FUZZ1","product":"FitBand 5","model":"FB5","specs":{"colour":"black"},
                         "price":49.90,"currency":"EUR","purchaseDate":"2024-11-01","orderStatus":"delivered",
                         "shippingStatus":"delivered","warrantyEnd":"2026-11-01"}""")
                .sampleBody("POST /api/auth/login", """
                        {"email":"fuzz.nobody@example.com","password":"not-the-password"}""")
                .sampleBody("POST /api/auth/token", """
                        {"clientId":"crm-sync","clientSecret":"not-the-secret"}""")
                .run();

        assertThat(report.endpoints())
                .extracting(EndpointFuzzer.Endpoint::name)
                .contains(
                        "GET /api/profiles/{customerId}",
                        "POST /api/auth/login",
                        "DELETE /api/profiles/me",
                        "GET /api/profiles/me/orders/{orderId}/return-eligibility",
                        "GET /api/profiles/{customerId}/orders/{orderId}/return-eligibility",
                        "POST /api/profiles/me/orders/{orderId}/returns",
                        "PUT /api/profiles/{customerId}/orders/{orderId}/returns/{rma}",
                        "POST /api/profiles/me/subscription/pause",
                        "POST /api/profiles/me/subscription/cancel",
                        "PUT /api/profiles/me/preferences/contact-channel");
        report.assertNoFailures();
    }
}
