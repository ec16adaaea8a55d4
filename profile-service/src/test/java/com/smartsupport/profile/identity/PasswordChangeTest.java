package com.smartsupport.profile.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.smartsupport.profile.ProfileServiceTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Whoever signs in with a password changes it with the current one; their other sessions end at once. */
class PasswordChangeTest extends ProfileServiceTestBase {

    @Test
    void anAgentChangesTheirPasswordTheOtherSessionsEndAndTheNewTokenWorks() {
        String admin = token(ADMIN);
        String email = "changer." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        @SuppressWarnings("unchecked")
        Map<String, Object> invited = web.post()
                .uri("/api/admin/agents")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Pat Changer", "email", email, "languages", List.of("en"), "maxCases", 2))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String link = (String) invited.get("inviteUrl");
        String inviteToken = link == null ? null : link.substring(link.lastIndexOf('/') + 1);
        if (inviteToken == null) { // SMTP is configured in these tests: read the mail
            inviteToken = awaitInviteToken(email);
        }
        web.post()
                .uri("/api/auth/invitations/{t}", inviteToken)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "the first passphrase"))
                .exchange()
                .expectStatus()
                .isNoContent();
        String laptop = login(email, "the first passphrase");
        String phone = login(email, "the first passphrase");
        String carlosId = (String) login(CARLOS).get("subject");

        for (Map<String, String> bad : List.of(
                Map.of("currentPassword", "not the password", "newPassword", "a brand new passphrase"),
                Map.of("currentPassword", "the first passphrase", "newPassword", "short"),
                Map.of("currentPassword", "the first passphrase", "newPassword", "the first passphrase"),
                Map.of("newPassword", "a brand new passphrase"))) {
            int expected = bad.get("currentPassword") != null
                            && bad.get("currentPassword").startsWith("not")
                    ? 403
                    : 400;
            web.post()
                    .uri("/api/auth/password")
                    .headers(h -> h.setBearerAuth(laptop))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(bad)
                    .exchange()
                    .expectStatus()
                    .isEqualTo(expected)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        web.post()
                .uri("/api/auth/password")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("currentPassword", "the first passphrase", "newPassword", "a brand new passphrase"))
                .exchange()
                .expectStatus()
                .isUnauthorized();

        String renewed = (String) web.post()
                .uri("/api/auth/password")
                .headers(h -> h.setBearerAuth(laptop))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("currentPassword", "the first passphrase", "newPassword", "a brand new passphrase"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("accessToken");
        assertThat(renewed).isNotBlank().isNotEqualTo(laptop);

        // the sessions from before end (the phone's, and the laptop's old token); the new token goes on
        for (String old : List.of(phone, laptop)) {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> web.get()
                            .uri("/api/profiles/{id}", carlosId)
                            .headers(h -> h.setBearerAuth(old))
                            .exchange()
                            .expectStatus()
                            .isUnauthorized());
        }
        web.get()
                .uri("/api/profiles/{id}", carlosId)
                .headers(h -> h.setBearerAuth(renewed))
                .exchange()
                .expectStatus()
                .isOk();
        web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "the first passphrase"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        assertThat(login(email, "a brand new passphrase")).isNotBlank();
    }

    @Test
    void aServiceTokenHasNoPasswordToChange() {
        String service = serviceToken("llm-service", "llm-secret");
        web.post()
                .uri("/api/auth/password")
                .headers(h -> h.setBearerAuth(service))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("currentPassword", "whatever it is", "newPassword", "a brand new passphrase"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private String login(String email, String password) {
        return (String) web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("accessToken");
    }

    private static String awaitInviteToken(String email) {
        Pattern link = Pattern.compile("/#/invitation/([A-Za-z0-9_-]{43})");
        String[] token = new String[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (var m : smtp.getReceivedMessages()) {
                if (m.getAllRecipients()[0].toString().equals(email)) {
                    var matcher = link.matcher(new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    if (matcher.find()) {
                        token[0] = matcher.group(1);
                        return true;
                    }
                }
            }
            return false;
        });
        return token[0];
    }
}
