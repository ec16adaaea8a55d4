package com.smartsupport.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import com.smartsupport.platform.testsupport.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Login, tokens and profile reads against a real (embedded) MongoDB-wire server and Kafka broker. */
class ProfileServiceIntegrationTest extends ProfileServiceTestBase {

    @Test
    void loginIssuesASignedRs256TokenWithIssuerAudienceExpiryKeyIdAndRole() throws Exception {
        Map<String, Object> body = login("Carlos.Diaz@Example.com ");

        assertThat(body).containsEntry("tokenType", "Bearer").containsEntry("role", "CUSTOMER");
        assertThat(((Number) body.get("expiresIn")).longValue()).isPositive();
        SignedJWT jwt = SignedJWT.parse((String) body.get("accessToken"));
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getHeader().getKeyID()).isNotBlank();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("smart-support");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("smart-support");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isInTheFuture();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(body.get("subject"));
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("CUSTOMER");

        // the JWK set publishes exactly the key that signed it, public half only
        String jwks = web.get()
                .uri("/.well-known/jwks.json")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(jwks)
                .contains(jwt.getHeader().getKeyID())
                .doesNotContain("\"d\"")
                .doesNotContain("\"p\"");
    }

    @Test
    void agentLoginCarriesTheAgentRole() {
        assertThat(login("agent.lee@example.com")).containsEntry("role", "AGENT");
    }

    @Test
    void theDemoAdminLogsInWithTheAdminRoleAndIsNeitherCustomerNorAgent() throws Exception {
        Map<String, Object> body = login("Admin@Example.com");
        assertThat(body).containsEntry("role", "ADMIN");
        assertThat((String) body.get("subject")).matches("adm_[0-9a-f]{12}");
        SignedJWT jwt = SignedJWT.parse((String) body.get("accessToken"));
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("ADMIN");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("name")).isEqualTo("Avery Morgan");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(body.get("subject"));

        String admin = (String) body.get("accessToken");
        String carlosId = (String) login(CARLOS).get("subject");
        for (String path : new String[] {
            "/api/profiles/me", "/api/profiles/" + carlosId, "/api/profiles?email=" + CARLOS, "/api/profiles/me/export"
        }) {
            web.get()
                    .uri(path)
                    .headers(h -> h.setBearerAuth(admin))
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(403);
        }
    }

    @Test
    void wrongPasswordAndUnknownUserAreTheSame401Problem() {
        for (String email : new String[] {CARLOS, "nobody@example.com"}) {
            web.post()
                    .uri("/api/auth/login")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", email, "password", "wrong"))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("Wrong e-mail or password");
        }
    }

    @Test
    void malformedLoginBodiesAre400Problems() {
        web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "", "password", "x"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("email");
        web.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[1,2]")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void aCustomerReadsOnlyTheirOwnProfile() {
        String carlos = token(CARLOS);
        Map<String, Object> amira = login(AMIRA);

        web.get()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth(carlos))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.account.email")
                .isEqualTo(CARLOS)
                // newest purchase first
                .jsonPath("$.purchases[0].orderId")
                .isEqualTo("ORD-80455")
                .jsonPath("$.supportHistory.length()")
                .isEqualTo(2);

        web.get()
                .uri("/api/profiles/{id}", amira.get("subject"))
                .headers(h -> h.setBearerAuth(carlos))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get()
                .uri("/api/profiles/{id}", amira.get("subject"))
                .headers(h -> h.setBearerAuth((String) amira.get("accessToken")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.account.email")
                .isEqualTo(AMIRA);
    }

    @Test
    void agentsReadAnyProfileButHaveNoProfileOfTheirOwn() {
        String agent = token("agent.lee@example.com");
        String amiraId = (String) login(AMIRA).get("subject");
        web.get()
                .uri("/api/profiles/{id}", amiraId)
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.account.name")
                .isEqualTo("Amira Haddad");
        web.get()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isForbidden();
        web.get()
                .uri("/api/profiles/{id}", "cus_unknown")
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void tokensThatAreMissingForeignOrExpiredAreRejected() {
        web.get()
                .uri("/api/profiles/me")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        for (String bad : new String[] {TestTokens.customer("cus_8f3a2c19d0e4"), "not-a-jwt"}) {
            web.get()
                    .uri("/api/profiles/me")
                    .headers(h -> h.setBearerAuth(bad))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }
    }

    @Test
    void backendServicesExchangeTheirSecretForAServiceToken() {
        String carlosId = (String) login(CARLOS).get("subject");
        @SuppressWarnings("unchecked")
        Map<String, Object> token = web.post()
                .uri("/api/auth/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("clientId", "llm-service", "clientSecret", "llm-secret"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(token).containsEntry("role", "SERVICE");
        web.get()
                .uri("/api/profiles/{id}", carlosId)
                .headers(h -> h.setBearerAuth((String) token.get("accessToken")))
                .exchange()
                .expectStatus()
                .isOk();

        web.post()
                .uri("/api/auth/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("clientId", "llm-service", "clientSecret", "guess"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void theKnowledgeBaseSyncClientGetsAServiceTokenWithTheKnowledgeScopesOnlyWithItsSecret() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> token = web.post()
                .uri("/api/auth/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("clientId", "kb-sync", "clientSecret", "kb-secret"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(token).containsEntry("role", "SERVICE").containsEntry("subject", "kb-sync");
        SignedJWT jwt = SignedJWT.parse((String) token.get("accessToken"));
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("SERVICE");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("knowledge:read knowledge:write");
        // its scopes are the knowledge base's: profiles stay closed to it
        String carlosId = (String) login(CARLOS).get("subject");
        web.get()
                .uri("/api/profiles/{id}", carlosId)
                .headers(h -> h.setBearerAuth((String) token.get("accessToken")))
                .exchange()
                .expectStatus()
                .isForbidden();

        web.post()
                .uri("/api/auth/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("clientId", "kb-sync", "clientSecret", "crm-secret"))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.post()
                .uri("/api/auth/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("clientId", "kb-sync"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
