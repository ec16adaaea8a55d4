package com.smartsupport.profile.identity;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.smartsupport.profile.ProfileServiceTestBase;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** An installation without the demo data gets its first administrator from SMART_ADMIN_EMAIL / _PASSWORD. */
class AdminBootstrapTest extends ProfileServiceTestBase {
    @Autowired
    CredentialRepository credentials;

    @Test
    void theFirstAdminIsCreatedOnceAndNeverOverwritten() {
        String email = "first.admin." + UUID.randomUUID().toString().substring(0, 8) + "@shop.example";
        new AdminBootstrap(credentials, new AdminProperties(email.toUpperCase(), "the very first passphrase"))
                .run(null);
        web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "the very first passphrase"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.role")
                .isEqualTo("ADMIN");
        // started again with another password (the variables left in place): the login stays as it was
        new AdminBootstrap(credentials, new AdminProperties(email, "another long passphrase")).run(null);
        web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "another long passphrase"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        // nothing set: nothing happens; half set or a short password: start-up fails with a clear message
        new AdminBootstrap(credentials, new AdminProperties("", "")).run(null);
        assertThatThrownBy(() -> new AdminBootstrap(credentials, new AdminProperties(email, "short")).run(null))
                .hasMessageContaining("SMART_ADMIN_PASSWORD");
        assertThatThrownBy(() ->
                        new AdminBootstrap(credentials, new AdminProperties("", "a long enough passphrase")).run(null))
                .hasMessageContaining("SMART_ADMIN_EMAIL");
    }
}
