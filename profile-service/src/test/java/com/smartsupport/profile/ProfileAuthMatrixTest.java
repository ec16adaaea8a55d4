package com.smartsupport.profile;

import static com.smartsupport.platform.testsupport.AuthMatrix.row;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.PATCH;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import com.smartsupport.platform.testsupport.AuthMatrix;
import com.smartsupport.platform.testsupport.AuthMatrix.Who;
import com.smartsupport.platform.testsupport.TestTokens;
import com.smartsupport.profile.identity.SigningKeys;
import com.smartsupport.profile.sites.SiteTokens;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** Every profile-service endpoint, as every kind of caller. */
class ProfileAuthMatrixTest extends ProfileServiceTestBase {
    static final String CARLOS_ID = "cus_8f3a2c19d0e4";
    static final String WRITABLE_ID = "cus_demo0020";
    static final AtomicInteger counter = new AtomicInteger();

    @Autowired
    SigningKeys keys;

    static final String RETURNED_ORDER = "ORD-MRET1";

    /** A delivered order of the writable customer, returned by them: its return number. */
    private String returnOfTheWritableCustomer(String agent) {
        LocalDate deliveredOn = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        web.post()
                .uri("/api/profiles/" + WRITABLE_ID + "/purchases")
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"orderId\":\"" + RETURNED_ORDER + "\",\"product\":\"FitBand 5\",\"purchaseDate\":\""
                        + deliveredOn.minusDays(3) + "\",\"orderStatus\":\"delivered\",\"shippingStatus\":\"delivered "
                        + deliveredOn + "\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult();
        String customer = TestTokens.signedWith(
                keys.current(), WRITABLE_ID, "CUSTOMER", Duration.ofMinutes(5), TestTokens.ISSUER, null);
        return (String) web.post()
                .uri("/api/profiles/me/orders/" + RETURNED_ORDER + "/returns")
                .headers(h -> {
                    h.setBearerAuth(customer);
                    h.set("Idempotency-Key", "matrix-return-1");
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
    }

    @TestFactory
    List<DynamicTest> everyEndpointAsEveryCaller() {
        String owner = token(CARLOS);
        String other = token(AMIRA);
        String agent = token(AGENT);
        String admin = token(ADMIN); // the demo admin: neither customer nor agent; only agent administration is theirs
        String crm = serviceToken("crm-sync", "crm-secret");
        var key = keys.current();
        String expired =
                TestTokens.signedWith(key, CARLOS_ID, "CUSTOMER", Duration.ofMinutes(-5), TestTokens.ISSUER, null);
        String wrongIssuer =
                TestTokens.signedWith(key, CARLOS_ID, "CUSTOMER", Duration.ofMinutes(5), "https://evil.example", null);
        String badSignature = TestTokens.customer(CARLOS_ID); // signed by a key this service does not trust
        String algNone = TestTokens.unsigned(CARLOS_ID, "CUSTOMER");

        String account = """
                {"account":{"name":"Matrix Person","email":"matrix.%s@example.com","language":"en"}}""";
        String replacement = """
                {"account":{"name":"Jonas Becker","email":"matrix.put@example.com","accountNumber":"ACC-300020"}}""";
        // a shop's site that takes guests, and a fresh identity token of one of its customers for every call
        @SuppressWarnings("unchecked")
        Map<String, Object> site = web.post()
                .uri("/api/admin/sites")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "name", "Matrix Shop", "allowedOrigins", List.of("https://matrix.example"), "guestChats", true))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String siteId = (String) site.get("siteId");
        Supplier<String> identity = () -> {
            try {
                return "{\"identityToken\":\""
                        + SiteTokens.hs256(
                                (String) site.get("secret"),
                                SiteTokens.claims(siteId, "matrix-shopper").build())
                        + "\"}";
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        var rows = List.of(
                row(GET, "/api/profiles/me")
                        .expect(Who.OWNER, 200)
                        .expect(Who.OTHER_CUSTOMER, 200)
                        .expect(Who.AGENT, 403)
                        .expect(Who.SERVICE, 403)
                        .build(),
                row(GET, "/api/profiles/" + CARLOS_ID)
                        .expect(Who.OWNER, 200)
                        .expect(Who.OTHER_CUSTOMER, 404)
                        .expect(Who.AGENT, 200)
                        .expect(Who.SERVICE, 200)
                        .build(),
                row(GET, "/api/profiles?email=" + CARLOS)
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 200)
                        .expect(Who.SERVICE, 200)
                        .build(),
                row(GET, "/api/profiles?accountNumber=ACC-100234")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 200)
                        .expect(Who.SERVICE, 200)
                        .build(),
                row(POST, "/api/profiles")
                        .body(() -> account.formatted(UUID.randomUUID()))
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 201)
                        .expect(Who.SERVICE, 201)
                        .build(),
                row(PUT, "/api/profiles/" + WRITABLE_ID)
                        .body(replacement)
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 200)
                        .expect(Who.SERVICE, 200)
                        .build(),
                row(POST, "/api/profiles/" + WRITABLE_ID + "/purchases")
                        .body(() -> "{\"orderId\":\"ORD-M" + counter.incrementAndGet()
                                + "\",\"product\":\"FitBand 5\",\"purchaseDate\":\"2026-11-01\"}")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 201)
                        .expect(Who.SERVICE, 201)
                        .build(),
                row(GET, "/api/profiles/me/export")
                        .expect(Who.OWNER, 200)
                        .expect(Who.OTHER_CUSTOMER, 200)
                        .expect(Who.AGENT, 403)
                        .expect(Who.SERVICE, 403)
                        .build(),
                // erasure as a customer is exercised in ProfileApiTest (it is destructive)
                row(DELETE, "/api/profiles/me")
                        .expect(Who.AGENT, 403)
                        .expect(Who.SERVICE, 403)
                        .build(),
                // agent administration: admins only
                row(GET, "/api/admin/agents")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 403)
                        .expect(Who.SERVICE, 403)
                        .expect(Who.ADMIN, 200)
                        .build(),
                row(POST, "/api/admin/agents")
                        .body(() -> "{\"name\":\"Matrix Agent\",\"email\":\"matrix.agent." + UUID.randomUUID()
                                + "@example.com\",\"languages\":[\"en\"],\"maxCases\":2}")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 403)
                        .expect(Who.SERVICE, 403)
                        .expect(Who.ADMIN, 201)
                        .build(),
                row(PATCH, "/api/admin/agents/agt_unknown")
                        .body("{\"maxCases\":2}")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 403)
                        .expect(Who.SERVICE, 403)
                        .expect(Who.ADMIN, 404)
                        .build(),
                // sites that embed the widget: admins only
                row(GET, "/api/admin/sites")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 403)
                        .expect(Who.SERVICE, 403)
                        .expect(Who.ADMIN, 200)
                        .build(),
                row(POST, "/api/admin/sites")
                        .body("{\"name\":\"Matrix Shop\",\"allowedOrigins\":[\"https://matrix.example\"]}")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 403)
                        .expect(Who.SERVICE, 403)
                        .expect(Who.ADMIN, 201)
                        .build(),
                row(PATCH, "/api/admin/sites/site_unknown")
                        .body("{\"guestChats\":true}")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 403)
                        .expect(Who.SERVICE, 403)
                        .expect(Who.ADMIN, 404)
                        .build(),
                row(POST, "/api/admin/sites/site_unknown/secret")
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .expect(Who.AGENT, 403)
                        .expect(Who.SERVICE, 403)
                        .expect(Who.ADMIN, 404)
                        .build(),
                // a password change needs a valid token (this one is refused for its body before any check of the
                // current password, which would count toward the demo accounts' login lock)
                row(POST, "/api/auth/password")
                        .body("{\"currentPassword\":\"x\",\"newPassword\":\"short\"}")
                        .expect(Who.OWNER, 400)
                        .expect(Who.OTHER_CUSTOMER, 400)
                        .expect(Who.AGENT, 400)
                        .expect(Who.SERVICE, 400)
                        .expect(Who.ADMIN, 400)
                        .build());

        rows = new ArrayList<>(rows);
        // returns and the customer's account actions. The matrix sends no Idempotency-Key, so the customer's
        // writes that need one stop at 400 once past authorisation (ReturnsApiTest and AccountActionsApiTest send
        // one); a return of the writable customer's for the agents' and the CRM sync's status change
        String rma = returnOfTheWritableCustomer(agent);
        rows.add(row(GET, "/api/profiles/me/orders/ORD-77812/return-eligibility")
                .expect(Who.OWNER, 200)
                .expect(Who.OTHER_CUSTOMER, 404)
                .expect(Who.AGENT, 403)
                .expect(Who.SERVICE, 403)
                .build());
        rows.add(row(GET, "/api/profiles/" + CARLOS_ID + "/orders/ORD-77812/return-eligibility")
                .expect(Who.OWNER, 200)
                .expect(Who.OTHER_CUSTOMER, 404)
                .expect(Who.AGENT, 200)
                .expect(Who.SERVICE, 200)
                .build());
        rows.add(row(POST, "/api/profiles/me/orders/ORD-77812/returns")
                .body("{\"reason\":\"faulty\"}")
                .expect(Who.OWNER, 400)
                .expect(Who.OTHER_CUSTOMER, 400)
                .expect(Who.AGENT, 403)
                .expect(Who.SERVICE, 403)
                .build());
        rows.add(row(PUT, "/api/profiles/" + WRITABLE_ID + "/orders/" + RETURNED_ORDER + "/returns/" + rma)
                .body("{\"status\":\"LABEL_SENT\"}")
                .expect(Who.OWNER, 403)
                .expect(Who.OTHER_CUSTOMER, 403)
                .expect(Who.AGENT, 200)
                .expect(Who.SERVICE, 200)
                .build());
        rows.add(row(POST, "/api/profiles/me/subscription/pause")
                .body("{\"months\":1}")
                .expect(Who.OWNER, 400)
                .expect(Who.OTHER_CUSTOMER, 400)
                .expect(Who.AGENT, 403)
                .expect(Who.SERVICE, 403)
                .build());
        rows.add(row(POST, "/api/profiles/me/subscription/cancel")
                .expect(Who.OWNER, 400)
                .expect(Who.OTHER_CUSTOMER, 400)
                .expect(Who.AGENT, 403)
                .expect(Who.SERVICE, 403)
                .build());
        // Carlos's channel is chat already (the other customer would be the same case, but is left as she is)
        rows.add(row(PUT, "/api/profiles/me/preferences/contact-channel")
                .body("{\"channel\":\"chat\"}")
                .expect(Who.OWNER, 200)
                .expect(Who.AGENT, 403)
                .expect(Who.SERVICE, 403)
                .build());
        // public sign-ins through a shop's site: the session comes from the identity token or the site alone, never
        // from a token the caller already holds (a bad one is still refused, like on every path)
        rows.add(row(POST, "/api/auth/identity")
                .body(identity)
                .expect(Who.OWNER, 200)
                .expect(Who.OTHER_CUSTOMER, 200)
                .expect(Who.AGENT, 200)
                .expect(Who.SERVICE, 200)
                .expect(Who.ADMIN, 200)
                .expect(Who.NO_TOKEN, 200)
                .build());
        rows.add(row(POST, "/api/auth/guest")
                .body("{\"siteId\":\"" + siteId + "\"}")
                .expect(Who.OWNER, 200)
                .expect(Who.OTHER_CUSTOMER, 200)
                .expect(Who.AGENT, 200)
                .expect(Who.SERVICE, 200)
                .expect(Who.ADMIN, 200)
                .expect(Who.NO_TOKEN, 200)
                .build());
        rows.add(row(GET, "/api/sites/" + siteId + "/embed")
                .expect(Who.OWNER, 200)
                .expect(Who.OTHER_CUSTOMER, 200)
                .expect(Who.AGENT, 200)
                .expect(Who.SERVICE, 200)
                .expect(Who.ADMIN, 200)
                .expect(Who.NO_TOKEN, 200)
                .build());

        return AuthMatrix.tests(web, rows, who -> switch (who) {
            case OWNER -> owner;
            case OTHER_CUSTOMER -> other;
            case AGENT -> agent;
            case ADMIN -> admin;
            case SERVICE -> crm;
            case NO_TOKEN -> null;
            case EXPIRED -> expired;
            case BAD_SIGNATURE -> badSignature;
            case ALG_NONE -> algNone;
            case WRONG_ISSUER -> wrongIssuer;
        });
    }
}
