package com.smartsupport.profile.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.smartsupport.platform.events.ActionEvent;
import com.smartsupport.platform.events.ConversationClosed;
import com.smartsupport.platform.events.CustomerErased;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.ProfileChanged;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.profile.ProfileServiceTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** Search, writes and their events, support history from closed conversations, export, erasure, throttling. */
class ProfileApiTest extends ProfileServiceTestBase {
    @Autowired
    EventPublisher events;

    @Autowired
    EventCodec codec;

    static String newProfile(String email, String accountNumber) {
        return """
                {"account":{"name":"Test Person","email":"%s"%s,"language":"en","tier":"silver"},
                 "preferences":{"contactChannel":"email","interests":["audio"]},
                 "subscription":{"plan":"TechCare Plus","status":"active","renewsOn":"2027-05-01"},
                 "purchases":[{"orderId":"ORD-T1","product":"SoundWave Buds","purchaseDate":"2026-10-01",
                   "price":129.00,"currency":"EUR","orderStatus":"delivered"}]}""".formatted(email, accountNumber == null ? "" : ",\"accountNumber\":\"" + accountNumber + "\"");
    }

    @Test
    void theDemoPopulationHasFiftyCustomersWhoCanAllLogIn() {
        String agent = token(AGENT);
        for (int i = 1; i <= 48; i += 7) {
            String accountNumber = String.format("ACC-%06d", 300000 + i);
            String email = web.get()
                    .uri("/api/profiles?accountNumber={n}", accountNumber)
                    .headers(h -> h.setBearerAuth(agent))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody()
                    .get("account")
                    .toString();
            assertThat(email).contains("@example.com");
        }
        assertThat(login("olivia.bennett@example.com")).containsEntry("role", "CUSTOMER");
        assertThat(login("yuki.tanaka@example.com")).containsEntry("role", "CUSTOMER");
        assertThat(login("agent.kim@example.com")).containsEntry("role", "AGENT");
        // the 8th generated customer has a long history
        web.get()
                .uri("/api/profiles?accountNumber=ACC-300008")
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.purchases.length()")
                .isEqualTo(120)
                .jsonPath("$.supportHistory.length()")
                .isEqualTo(15);
    }

    @Test
    void agentsFindProfilesByEmailOrAccountNumberWithClearErrors() {
        String agent = token(AGENT);
        web.get()
                .uri("/api/profiles?email=Carlos.Diaz@example.com")
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.account.accountNumber")
                .isEqualTo("ACC-100234");
        web.get()
                .uri("/api/profiles?accountNumber=ACC-200981")
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.account.email")
                .isEqualTo(AMIRA);
        web.get()
                .uri("/api/profiles?accountNumber=ACC-999999")
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get()
                .uri("/api/profiles?accountNumber=12;drop")
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("An account number looks like ACC-123456");
        web.get()
                .uri("/api/profiles")
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isBadRequest();
        web.get()
                .uri("/api/profiles?email=a@b.c&accountNumber=ACC-100234")
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isBadRequest();
        web.get()
                .uri("/api/profiles?email=carlos.diaz@example.com")
                .headers(h -> h.setBearerAuth(token(AMIRA)))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void agentsCreateUpdateAndAddPurchasesAndEachChangeIsAnnounced() {
        String agent = token(AGENT);
        String email = "new." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Map<?, ?> created = web.post()
                .uri("/api/profiles")
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(newProfile(email, null))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueMatches("Location", "/api/profiles/cus_[0-9a-f]{12}")
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String id = (String) created.get("id");
        assertThat(((Map<?, ?>) created.get("account")).get("accountNumber").toString())
                .matches("ACC-[0-9]{6}");

        var event = codec.decode(
                awaitRecord(Topics.PROFILE_CHANGED, r -> id.equals(r.key())).value(), ProfileChanged.class);
        assertThat(event.payload().change()).isEqualTo("created");
        assertThat(event.customerId()).isEqualTo(id);

        web.put()
                .uri("/api/profiles/{id}", id)
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(newProfile(email, null).replace("silver", "gold"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.account.tier")
                .isEqualTo("gold");
        web.post()
                .uri("/api/profiles/{id}/purchases", id)
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"orderId":"ORD-T2","product":"PixelView 27 Monitor","model":"PV27-4K",
                         "specs":{"refresh":"144 Hz"},"price":529,"currency":"EUR","purchaseDate":"2026-11-20",
                         "orderStatus":"processing","warrantyEnd":"2028-11-20"}""")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.purchases[0].orderId")
                .isEqualTo("ORD-T2")
                .jsonPath("$.purchases.length()")
                .isEqualTo(2);
        // the same order twice is a conflict, and nothing changes
        web.post()
                .uri("/api/profiles/{id}/purchases", id)
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"orderId\":\"ORD-T2\",\"product\":\"X\",\"purchaseDate\":\"2026-11-20\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        web.post()
                .uri("/api/profiles/{id}/purchases", "cus_nobody")
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"orderId\":\"ORD-T3\",\"product\":\"X\",\"purchaseDate\":\"2026-11-20\"}")
                .exchange()
                .expectStatus()
                .isNotFound();
        // a second profile with the same e-mail or account number is refused
        web.post()
                .uri("/api/profiles")
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(newProfile(email.toUpperCase(), null))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.post()
                .uri("/api/profiles")
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(newProfile("other@example.org", "ACC-100234"))
                .exchange()
                .expectStatus()
                .isEqualTo(409);
    }

    @Test
    void invalidWritesAre400ProblemsNamingTheFields() {
        String agent = token(AGENT);
        web.post()
                .uri("/api/profiles")
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"account":{"name":"","email":"not-an-email","accountNumber":"12345"},
                         "purchases":[{"orderId":"bad id","product":"X","price":-1,"purchaseDate":"2999-01-01"}]}""")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'account.email')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'account.name')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'account.accountNumber')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'purchases[0].price')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'purchases[0].purchaseDate')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'purchases[0].orderId')]")
                .exists();
        web.post()
                .uri("/api/profiles")
                .headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"account\":{\"name\":\"A\",\"email\":7}}")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void theCrmSyncWritesWithItsServiceCredentialButLlmServiceMayOnlyRead() {
        String crm = serviceToken("crm-sync", "crm-secret");
        String llm = serviceToken("llm-service", "llm-secret");
        String email = "crm." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        web.post()
                .uri("/api/profiles")
                .headers(h -> h.setBearerAuth(crm))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(newProfile(email, null))
                .exchange()
                .expectStatus()
                .isCreated();
        web.post()
                .uri("/api/profiles")
                .headers(h -> h.setBearerAuth(llm))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(newProfile("x" + email, null))
                .exchange()
                .expectStatus()
                .isForbidden();
        web.get()
                .uri("/api/profiles?email={e}", email)
                .headers(h -> h.setBearerAuth(llm))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void anActionTheAssistantCarriedOutIsAppendedToSupportHistoryOnceAndOthersAreNot() {
        String yukiId = (String) login("yuki.tanaka@example.com").get("subject");
        String token = token("yuki.tanaka@example.com");
        int before = supportCases(token).size();
        String actionId = "act_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        ActionEvent proposed = ActionEvent.proposal(
                actionId,
                "rep_1",
                "change_contact_preference",
                Map.of("channel", "sms"),
                "Change how we contact you",
                "From now on we contact you by sms.",
                null,
                null,
                null);
        String conversation = "conv_" + UUID.randomUUID();
        for (ActionEvent step : List.of(
                proposed,
                proposed.at(ActionEvent.Status.CONFIRMED, null),
                proposed.at(ActionEvent.Status.COMPLETED, "From now on we contact you by sms."))) {
            events.publish(
                            Topics.ACTIONS,
                            EventEnvelope.withId(actionId + ":" + step.eventType(), conversation, yukiId, step))
                    .block(Duration.ofSeconds(10));
        }
        // redelivered
        events.publish(
                        Topics.ACTIONS,
                        EventEnvelope.withId(
                                actionId + ":action.completed",
                                conversation,
                                yukiId,
                                proposed.at(ActionEvent.Status.COMPLETED, "From now on we contact you by sms.")))
                .block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(20)).until(() -> supportCases(token).size() == before + 1);
        Map<?, ?> added = supportCases(token).stream()
                .map(c -> (Map<?, ?>) c)
                .filter(c -> actionId.equals(c.get("caseId")))
                .findFirst()
                .orElseThrow();
        assertThat(added.get("issue")).isEqualTo("Assistant: Change how we contact you");
        assertThat(added.get("resolution")).isEqualTo("From now on we contact you by sms.");
        Duration settle = Duration.ofSeconds(2);
        await().pollDelay(settle)
                .atMost(settle.plusSeconds(5))
                .until(() -> supportCases(token).size() == before + 1);
    }

    List<?> supportCases(String token) {
        return (List<?>) web.get()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("supportHistory");
    }

    @Test
    void aClosedConversationIsAppendedToSupportHistoryOnce() {
        String oliviaId = (String) login("olivia.bennett@example.com").get("subject");
        String token = token("olivia.bennett@example.com");
        int before = web.get()
                                .uri("/api/profiles/me")
                                .headers(h -> h.setBearerAuth(token))
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBody(Map.class)
                                .returnResult()
                                .getResponseBody()
                                .get("supportHistory")
                        instanceof List<?> l
                ? l.size()
                : -1;
        var closed = EventEnvelope.of(
                "conv_closed_" + UUID.randomUUID(),
                oliviaId,
                new ConversationClosed("Headphones crackle", "Replacement sent", "agt_4c2d9e7f1a03", 5));
        events.publish(Topics.CONVERSATION_CLOSED, closed).block(Duration.ofSeconds(10));
        events.publish(Topics.CONVERSATION_CLOSED, closed).block(Duration.ofSeconds(10)); // redelivery

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> web.get()
                        .uri("/api/profiles/me")
                        .headers(h -> h.setBearerAuth(token))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.supportHistory.length()")
                        .isEqualTo(before + 1)
                        .jsonPath("$.supportHistory[?(@.caseId == '" + closed.conversationId() + "')].resolution")
                        .isEqualTo(List.of("Replacement sent")));
        // and the redelivered copy does not add a second case, even given time
        Duration settle = Duration.ofSeconds(2);
        await().pollDelay(settle)
                .atMost(settle.plusSeconds(5))
                .untilAsserted(() -> web.get()
                        .uri("/api/profiles/me")
                        .headers(h -> h.setBearerAuth(token))
                        .exchange()
                        .expectBody()
                        .jsonPath("$.supportHistory.length()")
                        .isEqualTo(before + 1));
    }

    @Test
    void aCustomerExportsEverythingHeldAboutThem() {
        String token = token("sofia.ramirez@example.com");
        conversationsDown = false;
        web.get()
                .uri("/api/profiles/me/export")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.profile.account.email")
                .isEqualTo("sofia.ramirez@example.com")
                .jsonPath("$.logins[0].email")
                .isEqualTo("sofia.ramirez@example.com")
                .jsonPath("$.logins[0].passwordHash")
                .doesNotExist()
                .jsonPath("$.conversations[0].messages[0].text")
                .isEqualTo("hello");
        conversationsDown = true;
        try {
            web.get()
                    .uri("/api/profiles/me/export")
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        } finally {
            conversationsDown = false;
        }
        web.get()
                .uri("/api/profiles/me/export")
                .headers(h -> h.setBearerAuth(token(AGENT)))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void erasureRemovesTheCustomerEverywhereAndCanBeRepeated() {
        Map<String, Object> jonas = login("jonas.becker@example.com");
        String token = (String) jonas.get("accessToken");
        String id = (String) jonas.get("subject");

        web.delete()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isNoContent();
        var erased = codec.decode(awaitRecord(
                        Topics.PROFILE_CHANGED,
                        r -> id.equals(r.key()) && r.value().contains(CustomerErased.TYPE))
                .value());
        assertThat(erased.customerId()).isEqualTo(id);

        web.get()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isNotFound();
        web.get()
                .uri("/api/profiles/{id}", id)
                .headers(h -> h.setBearerAuth(token(AGENT)))
                .exchange()
                .expectStatus()
                .isNotFound();
        web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "jonas.becker@example.com", "password", "support-demo"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        web.delete()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isNoContent();
        web.delete()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth(token(AGENT)))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountForAWhileWithRetryAfter() {
        String email = "ethan.nguyen@example.com";
        for (int i = 0; i < 5; i++) {
            web.post()
                    .uri("/api/auth/login")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", email, "password", "guess-" + i))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }
        // now even the right password is refused until the lock expires
        web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "support-demo"))
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .exists("Retry-After")
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        // other accounts are not affected
        assertThat(login(CARLOS)).containsEntry("role", "CUSTOMER");
    }
}
