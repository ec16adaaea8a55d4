package com.smartsupport.profile.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.ProfileChanged;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.profile.CustomerActionsTestBase;
import com.smartsupport.profile.customer.CustomerProfile.OrderReturn;
import com.smartsupport.profile.customer.CustomerProfile.Purchase;
import com.smartsupport.profile.customer.CustomerProfile.ReturnStatus;
import com.smartsupport.profile.customer.CustomerProfile.Subscription;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** Checking and starting returns (customers), checking them for others (agents, services), moving them along. */
@SuppressWarnings("rawtypes")
class ReturnsApiTest extends CustomerActionsTestBase {
    static final String CARLOS_ID = "cus_8f3a2c19d0e4";
    static final Subscription PLUS = new Subscription("TechCare Plus", "active", null);
    static final String FAULTY = "{\"reason\":\"faulty\",\"note\":\"Left bud crackles\"}";

    @Autowired
    EventCodec codec;

    EntityExchangeResult<Map> requestReturn(Customer c, String orderId, String key, String body) {
        return send("POST", "/api/profiles/me/orders/" + orderId + "/returns", c.token(), key, body);
    }

    EntityExchangeResult<Map> moveReturn(String token, Customer c, String orderId, String rma, String status) {
        return send(
                "PUT",
                "/api/profiles/" + c.id() + "/orders/" + orderId + "/returns/" + rma,
                token,
                null,
                "{\"status\":\"" + status + "\"}");
    }

    @Test
    void theCustomerAgentsAndServicesSeeWhetherAnOrderCanBeReturned() {
        Customer c = newCustomer(null, null, delivered("ORD-5001", 10));
        LocalDate deliveredOn = today().minusDays(10);

        web.get()
                .uri("/api/profiles/me/orders/ORD-5001/return-eligibility")
                .headers(h -> h.setBearerAuth(c.token()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.orderId")
                .isEqualTo("ORD-5001")
                .jsonPath("$.product")
                .isEqualTo("SoundWave Buds")
                .jsonPath("$.eligible")
                .isEqualTo(true)
                .jsonPath("$.reason")
                .isEqualTo("eligible")
                .jsonPath("$.deliveredOn")
                .isEqualTo(deliveredOn.toString())
                .jsonPath("$.returnBy")
                .isEqualTo(new ReturnPolicyProperties(null, null, null, null, null, null)
                        .returnBy(deliveredOn)
                        .toString())
                .jsonPath("$.refundAmount")
                .isEqualTo(129.0)
                .jsonPath("$.currency")
                .isEqualTo("EUR")
                .jsonPath("$.returnShippingFee")
                .isEqualTo(6.95)
                .jsonPath("$.feeNote")
                .value(note -> assertThat((String) note).contains("changed your mind"))
                .jsonPath("$.explanation")
                .value(text -> assertThat((String) text).startsWith("ORD-5001 was delivered on " + deliveredOn));

        String path = "/api/profiles/" + c.id() + "/orders/ORD-5001/return-eligibility";
        for (String token : List.of(
                c.token(),
                token(AGENT),
                serviceToken("llm-service", "llm-secret"),
                serviceToken("crm-sync", "crm-secret"))) {
            web.get()
                    .uri(path)
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.reason")
                    .isEqualTo("eligible");
        }
        // another customer learns nothing; an admin and a service without profiles:read are refused
        web.get()
                .uri(path)
                .headers(h -> h.setBearerAuth(token(AMIRA)))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        for (String token : List.of(token(ADMIN), serviceToken("kb-sync", "kb-secret"))) {
            web.get()
                    .uri(path)
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        }
        // a member pays no return shipping
        Customer member = newCustomer(PLUS, null, delivered("ORD-5002", 3));
        web.get()
                .uri("/api/profiles/me/orders/ORD-5002/return-eligibility")
                .headers(h -> h.setBearerAuth(member.token()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.returnShippingFee")
                .isEqualTo(0);
    }

    @Test
    void anOrderThatCannotBeReturnedIsAnAnswerWithTheReasonNotAnError() {
        Customer c = newCustomer(null, null, delivered("ORD-5011", 45));
        web.get()
                .uri("/api/profiles/me/orders/ORD-5011/return-eligibility")
                .headers(h -> h.setBearerAuth(c.token()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.eligible")
                .isEqualTo(false)
                .jsonPath("$.reason")
                .isEqualTo("window_closed")
                .jsonPath("$.explanation")
                .value(text -> assertThat((String) text).contains("a fault is covered by the warranty until"))
                .jsonPath("$.refundAmount")
                .doesNotExist();
        // Carlos's headphones are on their way (demo data, read only)
        web.get()
                .uri("/api/profiles/" + CARLOS_ID + "/orders/ORD-80455/return-eligibility")
                .headers(h -> h.setBearerAuth(token(AGENT)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("not_delivered")
                .jsonPath("$.explanation")
                .isEqualTo("ORD-80455 has not been delivered yet; it can be returned within 30 days once it arrives.");
    }

    @Test
    void unknownOrdersAndMalformedIdsAre404And400() {
        Customer c = newCustomer(null, null, delivered("ORD-5021", 5));
        // another customer's order is simply not theirs
        web.get()
                .uri("/api/profiles/me/orders/ORD-77812/return-eligibility")
                .headers(h -> h.setBearerAuth(c.token()))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get()
                .uri("/api/profiles/cus_nobody/orders/ORD-5021/return-eligibility")
                .headers(h -> h.setBearerAuth(token(AGENT)))
                .exchange()
                .expectStatus()
                .isNotFound();
        for (String bad : List.of("ORD 1", "ORD-" + "1".repeat(40), "ORD.1", "%24ne")) {
            web.get()
                    .uri("/api/profiles/me/orders/" + bad + "/return-eligibility")
                    .headers(h -> h.setBearerAuth(c.token()))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(requestReturn(c, "ORD-77812", newKey(), FAULTY).getStatus().value())
                .isEqualTo(404);
    }

    @Test
    void aCustomerStartsAReturnOnceAndTheSameKeyAnswersTheSameReturn() {
        Customer c = newCustomer(null, null, delivered("ORD-5031", 2), delivered("ORD-5032", 2));
        String key = newKey();

        var first = requestReturn(c, "ORD-5031", key, FAULTY);
        assertThat(first.getStatus().value()).isEqualTo(201);
        Map body = first.getResponseBody();
        String rma = (String) body.get("rma");
        assertThat(rma).matches("RMA-[A-Z0-9]{8}");
        assertThat(body)
                .containsEntry("orderId", "ORD-5031")
                .containsEntry("status", "REQUESTED")
                .containsEntry("reason", "faulty")
                .containsEntry("note", "Left bud crackles")
                .containsEntry("dropOffBy", today().plusDays(14).toString())
                .containsKeys("requestedAt", "updatedAt")
                .doesNotContainKey("requestKey");
        var event = codec.decode(
                awaitRecord(
                                Topics.PROFILE_CHANGED,
                                r -> c.id().equals(r.key()) && r.value().contains("return-requested"))
                        .value(),
                ProfileChanged.class);
        assertThat(event.payload().change()).isEqualTo("return-requested");

        // the same key again: the same return, nothing changed
        var again = requestReturn(c, "ORD-5031", key, FAULTY);
        assertThat(again.getStatus().value()).isEqualTo(200);
        assertThat(again.getResponseBody()).isEqualTo(body);
        assertThat(stored(c.id()).purchases().getFirst().returns()).hasSize(1);

        // the order now has a return: another key is refused with the reason
        web.post()
                .uri("/api/profiles/me/orders/ORD-5031/returns")
                .headers(h -> {
                    h.setBearerAuth(c.token());
                    h.set("Idempotency-Key", newKey());
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\":\"changed_mind\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("already_returned")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains(rma));

        // the profile shows the return, without its key
        web.get()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth(c.token()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.purchases[?(@.orderId == 'ORD-5031')].returns[0].rma")
                .isEqualTo(List.of(rma))
                .jsonPath("$.purchases[?(@.orderId == 'ORD-5031')].returns[0].requestKey")
                .isEqualTo(List.of())
                .jsonPath("$.purchases[?(@.orderId == 'ORD-5032')].returns.length()")
                .isEqualTo(List.of(0));

        // the same key for another order is a mistake, not a second return
        var reused = requestReturn(c, "ORD-5032", key, FAULTY);
        assertThat(reused.getStatus().value()).isEqualTo(409);
        assertThat(reused.getResponseBody()).containsEntry("reason", "idempotency_key_reused");
    }

    @Test
    void anOrderOutsideTheRulesIsA409WithTheReasonAndTheExplanation() {
        Purchase cancelled = new Purchase(
                "ORD-5043", "FitBand 5", null, null, null, null, today().minusDays(5), "cancelled", null, null);
        Customer c = newCustomer(null, null, delivered("ORD-5041", 31), delivered("ORD-5042", 0), cancelled);
        Purchase shipped =
                new Purchase("ORD-5044", "FitBand 5", null, null, null, null, today(), "shipped", "in transit", null);
        profiles.put(stored(c.id())).block();

        var closed = requestReturn(c, "ORD-5041", newKey(), "{\"reason\":\"changed_mind\"}");
        assertThat(closed.getStatus().value()).isEqualTo(409);
        assertThat(closed.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(closed.getResponseBody())
                .containsEntry("reason", "window_closed")
                .containsEntry("status", 409);
        assertThat((String) closed.getResponseBody().get("detail"))
                .startsWith("The return window for ORD-5041 ended on");

        assertThat(requestReturn(c, "ORD-5043", newKey(), FAULTY).getResponseBody())
                .containsEntry("reason", "cancelled");
        Customer d = newCustomer(null, null, shipped);
        assertThat(requestReturn(d, "ORD-5044", newKey(), FAULTY).getResponseBody())
                .containsEntry("reason", "not_delivered");
        // delivered today: the first day of the window
        assertThat(requestReturn(c, "ORD-5042", newKey(), FAULTY).getStatus().value())
                .isEqualTo(201);
        assertThat(stored(c.id()).purchases().stream()
                        .mapToInt(p -> p.returns().size())
                        .sum())
                .isEqualTo(1);
    }

    @Test
    void twoRequestsAtOnceCreateOneReturn() throws Exception {
        Customer c = newCustomer(null, null, delivered("ORD-5051", 3), delivered("ORD-5052", 3));

        // different keys: one return, the other request is told why not
        var results = together(
                () -> requestReturn(c, "ORD-5051", newKey(), FAULTY),
                () -> requestReturn(c, "ORD-5051", newKey(), FAULTY));
        assertThat(results).extracting(r -> r.getStatus().value()).containsExactlyInAnyOrder(201, 409);
        assertThat(results.stream()
                        .filter(r -> r.getStatus().value() == 409)
                        .findFirst()
                        .orElseThrow()
                        .getResponseBody())
                .containsEntry("reason", "already_returned");
        assertThat(stored(c.id()).purchases().stream()
                        .filter(p -> p.orderId().equals("ORD-5051"))
                        .findFirst()
                        .orElseThrow()
                        .returns())
                .hasSize(1);

        // the same key twice at once (a retry racing the original): one return, both answers name it
        String key = newKey();
        var same = together(
                () -> requestReturn(c, "ORD-5052", key, FAULTY), () -> requestReturn(c, "ORD-5052", key, FAULTY));
        assertThat(same)
                .extracting(r -> r.getStatus().value())
                .containsAnyOf(201)
                .allMatch(s -> s == 200 || s == 201);
        assertThat(same.get(0).getResponseBody().get("rma"))
                .isEqualTo(same.get(1).getResponseBody().get("rma"));
        List<OrderReturn> returns = stored(c.id()).purchases().stream()
                .filter(p -> p.orderId().equals("ORD-5052"))
                .findFirst()
                .orElseThrow()
                .returns();
        assertThat(returns).hasSize(1);
        assertThat(returns.getFirst().rma())
                .isEqualTo(same.get(0).getResponseBody().get("rma"));
    }

    @Test
    void badKeysBadBodiesAndOtherRolesAreRefused() {
        Customer c = newCustomer(null, null, delivered("ORD-5061", 3));
        // the key is required and has a shape
        for (String key : new String[] {null, "short", "has space in it", "x".repeat(65), "{\"$gt\":\"\"}"}) {
            var r = requestReturn(c, "ORD-5061", key, FAULTY);
            assertThat(r.getStatus().value()).as(String.valueOf(key)).isEqualTo(400);
            assertThat(r.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        for (String body : List.of(
                "{\"reason\":\"bored\"}",
                "{}",
                "{\"reason\":\"faulty\",\"note\":\"" + "n".repeat(501) + "\"}",
                "{\"reason\":7}",
                "[]")) {
            assertThat(requestReturn(c, "ORD-5061", newKey(), body).getStatus().value())
                    .as(body)
                    .isEqualTo(400);
        }
        var missingReason = requestReturn(c, "ORD-5061", newKey(), "{\"note\":\"hi\"}");
        assertThat(missingReason.getResponseBody().get("errors").toString()).contains("reason");
        // customers only: agents, admins and services do not start returns for them
        for (String token : List.of(token(AGENT), token(ADMIN), serviceToken("crm-sync", "crm-secret"))) {
            assertThat(send("POST", "/api/profiles/me/orders/ORD-5061/returns", token, newKey(), FAULTY)
                            .getStatus()
                            .value())
                    .isEqualTo(403);
        }
        assertThat(stored(c.id()).purchases().getFirst().returns()).isEmpty();
    }

    @Test
    void agentsAndTheCrmSyncMoveAReturnForwardOnly() {
        Customer c = newCustomer(PLUS, null, delivered("ORD-5071", 4));
        String rma = (String)
                requestReturn(c, "ORD-5071", newKey(), FAULTY).getResponseBody().get("rma");
        String agent = token(AGENT);
        String crm = serviceToken("crm-sync", "crm-secret");

        var labelSent = moveReturn(agent, c, "ORD-5071", rma, "LABEL_SENT");
        assertThat(labelSent.getStatus().value()).isEqualTo(200);
        assertThat(labelSent.getResponseBody())
                .containsEntry("status", "LABEL_SENT")
                .containsEntry("rma", rma)
                .containsEntry("orderId", "ORD-5071");
        awaitRecord(
                Topics.PROFILE_CHANGED, r -> c.id().equals(r.key()) && r.value().contains("return-updated"));

        // the same status again changes nothing
        var again = moveReturn(crm, c, "ORD-5071", rma, "LABEL_SENT");
        assertThat(again.getStatus().value()).isEqualTo(200);
        assertThat(again.getResponseBody()).isEqualTo(labelSent.getResponseBody());

        assertThat(moveReturn(crm, c, "ORD-5071", rma, "RECEIVED").getResponseBody())
                .containsEntry("status", "RECEIVED");
        var backwards = moveReturn(agent, c, "ORD-5071", rma, "LABEL_SENT");
        assertThat(backwards.getStatus().value()).isEqualTo(409);
        assertThat(backwards.getResponseBody()).containsEntry("reason", "backwards");
        assertThat(stored(c.id()).purchases().getFirst().orderStatus()).isEqualTo("delivered");

        // the refund marks the order returned
        assertThat(moveReturn(agent, c, "ORD-5071", rma, "REFUNDED").getResponseBody())
                .containsEntry("status", "REFUNDED");
        Purchase order = stored(c.id()).purchases().getFirst();
        assertThat(order.orderStatus()).isEqualTo("returned");
        assertThat(order.returns()).extracting(OrderReturn::status).containsExactly(ReturnStatus.REFUNDED);

        // who may, and what is not there
        for (String token : List.of(c.token(), serviceToken("llm-service", "llm-secret"), token(ADMIN))) {
            assertThat(moveReturn(token, c, "ORD-5071", rma, "REFUNDED")
                            .getStatus()
                            .value())
                    .isEqualTo(403);
        }
        assertThat(moveReturn(agent, c, "ORD-5071", "RMA-NOTTHERE", "REFUNDED")
                        .getStatus()
                        .value())
                .isEqualTo(404);
        assertThat(moveReturn(agent, c, "ORD-0000", rma, "REFUNDED").getStatus().value())
                .isEqualTo(404);
        for (String status : List.of("REQUESTED", "refunded", "LOST")) {
            assertThat(moveReturn(agent, c, "ORD-5071", rma, status).getStatus().value())
                    .as(status)
                    .isEqualTo(400);
        }
    }

    @Test
    void theCrmSyncReplacingTheOrdersKeepsTheirReturns() {
        Customer c = newCustomer(null, null, delivered("ORD-5081", 4));
        String rma = (String)
                requestReturn(c, "ORD-5081", newKey(), FAULTY).getResponseBody().get("rma");
        web.put()
                .uri("/api/profiles/{id}", c.id())
                .headers(h -> h.setBearerAuth(serviceToken("crm-sync", "crm-secret")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"account":{"name":"Test Person","email":"%s@example.com"},
                         "purchases":[{"orderId":"ORD-5081","product":"SoundWave Buds","purchaseDate":"%s",
                                       "orderStatus":"delivered","shippingStatus":"delivered %s"},
                                      {"orderId":"ORD-5082","product":"FitBand 5","purchaseDate":"%s"}]}""".formatted(c.id(), today().minusDays(7), today().minusDays(4), today()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.purchases[?(@.orderId == 'ORD-5081')].returns[0].rma")
                .isEqualTo(List.of(rma))
                .jsonPath("$.purchases[?(@.orderId == 'ORD-5082')].returns.length()")
                .isEqualTo(List.of(0));
    }
}
