package com.smartsupport.profile.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.smartsupport.profile.ProfileServiceTestBase;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/** Admins invite, change and deactivate agents; an invitee sets a password once, by e-mail link (real SMTP). */
class AgentAdministrationTest extends ProfileServiceTestBase {
    private static final Pattern LINK = Pattern.compile("/#/invitation/([A-Za-z0-9_-]{43})");

    @Autowired
    ReactiveMongoTemplate mongo;

    @Test
    void anInvitedAgentGetsAnEmailSetsAPasswordOnceAndSignsIn() throws Exception {
        String admin = token(ADMIN);
        String email = "new.agent." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        @SuppressWarnings("unchecked")
        Map<String, Object> invited = web.post()
                .uri("/api/admin/agents")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "name",
                        "Noor Haddad",
                        "email",
                        email.toUpperCase(),
                        "languages",
                        List.of("en", "fr"),
                        "maxCases",
                        4))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(invited)
                .containsEntry("email", email)
                .containsEntry("status", "INVITED")
                .containsEntry("invitationEmailed", true)
                .containsEntry("inviteUrl", null)
                .containsEntry("languages", List.of("en", "fr"))
                .containsEntry("maxCases", 4);
        String agentId = (String) invited.get("agentId");

        String token = tokenFromMailTo(email);
        web.get()
                .uri("/api/admin/agents")
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.agentId == '" + agentId + "')].status")
                .isEqualTo("INVITED");
        // the invitee cannot sign in before setting a password
        web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "anything-at-all"))
                .exchange()
                .expectStatus()
                .isUnauthorized();

        web.post()
                .uri("/api/auth/invitations/{t}", token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "short"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.post()
                .uri("/api/auth/invitations/{t}", token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "a long enough passphrase"))
                .exchange()
                .expectStatus()
                .isNoContent();
        web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "a long enough passphrase"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.role")
                .isEqualTo("AGENT")
                .jsonPath("$.subject")
                .isEqualTo(agentId);

        // the link works once
        web.post()
                .uri("/api/auth/invitations/{t}", token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "another long passphrase"))
                .exchange()
                .expectStatus()
                .isEqualTo(410)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get()
                .uri("/api/admin/agents")
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.agentId == '" + agentId + "')].status")
                .isEqualTo("ACTIVE");
    }

    @Test
    void theSameInvitationSentTwiceAtOnceMakesOneAgent() {
        String admin = token(ADMIN);
        String email = "twice." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        List<Thread> senders = IntStream.range(0, 4)
                .mapToObj(i -> Thread.ofVirtual()
                        .start(() -> statuses.add(web.post()
                                .uri("/api/admin/agents")
                                .headers(h -> h.setBearerAuth(admin))
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of(
                                        "name", "Twice", "email", email, "languages", List.of("en"), "maxCases", 1))
                                .exchange()
                                .returnResult(Void.class)
                                .getStatus()
                                .value())))
                .toList();
        for (Thread t : senders) {
            try {
                t.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(statuses).hasSize(4).containsOnlyOnce(201).containsOnly(201, 409);
        web.get()
                .uri("/api/admin/agents")
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.email == '" + email + "')].agentId")
                .value(ids -> assertThat((List<?>) ids).hasSize(1));
    }

    @Test
    void anExpiredOrUnknownLinkOpensNothing() {
        String expired = "x".repeat(43);
        mongo.getCollection("invitations")
                .flatMap(c -> Mono.from(c.insertOne(new Document("_id", sha256(expired))
                        .append("agentId", "agt_nobody")
                        .append("email", "nobody@example.com")
                        .append("expiresAt", Date.from(Instant.now().minus(Duration.ofMinutes(1)))))))
                .block(Duration.ofSeconds(10));
        for (String token : List.of(expired, "y".repeat(43))) {
            web.post()
                    .uri("/api/auth/invitations/{t}", token)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("password", "a long enough passphrase"))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(410)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void adminsChangeAndDeactivateAgentsAndADeactivatedAgentCannotSignIn() throws Exception {
        String admin = token(ADMIN);
        String email = "leaving." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String agentId = (String) web.post()
                .uri("/api/admin/agents")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Sam Leaving", "email", email, "languages", List.of("en"), "maxCases", 2))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("agentId");
        web.post()
                .uri("/api/auth/invitations/{t}", tokenFromMailTo(email))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "a long enough passphrase"))
                .exchange()
                .expectStatus()
                .isNoContent();
        String session = (String) web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "a long enough passphrase"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("accessToken");
        String carlosId = (String) login(CARLOS).get("subject");
        web.get()
                .uri("/api/profiles/{id}", carlosId)
                .headers(h -> h.setBearerAuth(session))
                .exchange()
                .expectStatus()
                .isOk();

        web.patch()
                .uri("/api/admin/agents/{id}", agentId)
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("languages", List.of("de", "en"), "maxCases", 5))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.languages[0]")
                .isEqualTo("de")
                .jsonPath("$.maxCases")
                .isEqualTo(5)
                .jsonPath("$.name")
                .isEqualTo("Sam Leaving")
                .jsonPath("$.status")
                .isEqualTo("ACTIVE");

        web.patch()
                .uri("/api/admin/agents/{id}", agentId)
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("active", false))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("DEACTIVATED");
        web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "a long enough passphrase"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        // the session they had ends at once: every service reads the revocation (here profile-service itself)
        var revoked = awaitRecord("sessions.revoked", r -> agentId.equals(r.key()));
        assertThat(revoked.value()).contains("\"role\":\"AGENT\"", "\"reason\":\"deactivated\"");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> web.get()
                        .uri("/api/profiles/{id}", carlosId)
                        .headers(h -> h.setBearerAuth(session))
                        .exchange()
                        .expectStatus()
                        .isUnauthorized()
                        .expectHeader()
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON));
        // escalation-service routes by what the admin set, and learns that the agent left
        var settings = awaitRecord(
                "agents.changed", r -> agentId.equals(r.key()) && r.value().contains("DEACTIVATED"));
        assertThat(settings.value()).contains("\"languages\":[\"de\",\"en\"]", "\"maxCases\":5");
        web.patch()
                .uri("/api/admin/agents/{id}", agentId)
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("active", true))
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        // someone who left comes back through a new invitation: the same agent, invited again
        web.post()
                .uri("/api/admin/agents")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Sam Back", "email", email, "languages", List.of("en"), "maxCases", 1))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.agentId")
                .isEqualTo(agentId)
                .jsonPath("$.status")
                .isEqualTo("INVITED")
                .jsonPath("$.name")
                .isEqualTo("Sam Back");
        web.post()
                .uri("/api/auth/invitations/{t}", tokenFromMailTo(email, 2))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "a second long passphrase"))
                .exchange()
                .expectStatus()
                .isNoContent();
        String back = (String) web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "a second long passphrase"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("accessToken");
        web.get()
                .uri("/api/profiles/{id}", carlosId)
                .headers(h -> h.setBearerAuth(back))
                .exchange()
                .expectStatus()
                .isOk();
        web.patch()
                .uri("/api/admin/agents/{id}", "agt_unknown")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("maxCases", 3))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void onlyAdminsManageAgentsAndBadInvitationsAreRefusedClearly() {
        String admin = token(ADMIN);
        for (String who : List.of(token(CARLOS), token(AGENT))) {
            web.get()
                    .uri("/api/admin/agents")
                    .headers(h -> h.setBearerAuth(who))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            web.post()
                    .uri("/api/admin/agents")
                    .headers(h -> h.setBearerAuth(who))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("name", "X", "email", "x@example.com", "languages", List.of("en"), "maxCases", 1))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        }
        web.get().uri("/api/admin/agents").exchange().expectStatus().isUnauthorized();
        // someone who can already sign in cannot be invited again
        web.post()
                .uri("/api/admin/agents")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Carlos", "email", CARLOS, "languages", List.of("en"), "maxCases", 1))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("email", "a@example.com", "languages", List.of("en"), "maxCases", 1),
                Map.of("name", "A", "email", "not-an-email", "languages", List.of("en"), "maxCases", 1),
                Map.of("name", "A", "email", "a@example.com", "languages", List.of("english"), "maxCases", 1),
                Map.of("name", "A", "email", "a@example.com", "languages", List.of("en"), "maxCases", 0))) {
            web.post()
                    .uri("/api/admin/agents")
                    .headers(h -> h.setBearerAuth(admin))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(bad)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    /** The one-time token in the invitation e-mail sent to this address. */
    private String tokenFromMailTo(String email) throws Exception {
        return tokenFromMailTo(email, 1);
    }

    /** The token in the {@code nth} invitation e-mail to this address, once it has arrived. */
    private String tokenFromMailTo(String email, long nth) throws Exception {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Arrays.stream(smtp.getReceivedMessages())
                                .filter(m -> recipient(m).equals(email))
                                .count()
                        >= nth);
        MimeMessage mail = mailTo(email);
        assertThat(mail.getSubject()).contains("invited");
        Matcher m = LINK.matcher(new String(mail.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertThat(m.find()).as("the e-mail carries the link").isTrue();
        return m.group(1);
    }

    private static MimeMessage mailTo(String email) throws Exception {
        // the latest: someone invited again gets a second mail
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> recipient(m).equals(email))
                .reduce((first, second) -> second)
                .orElse(null);
    }

    private static String recipient(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (Exception e) {
            return "";
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
