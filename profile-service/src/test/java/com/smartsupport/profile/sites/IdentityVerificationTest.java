package com.smartsupport.profile.sites;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.smartsupport.platform.testsupport.FakeService;
import com.smartsupport.profile.ProfileServiceTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Sites, and a shop's customers signing in with the shop's identity token (docs/identity-verification.md). */
class IdentityVerificationTest extends ProfileServiceTestBase {
    @Autowired
    ReactiveMongoTemplate mongo;

    @Autowired
    SiteProperties siteProperties;

    record RegisteredSite(String siteId, String secret) {}

    @SuppressWarnings("unchecked")
    RegisteredSite register(Map<String, Object> body) {
        Map<String, Object> site = web.post()
                .uri("/api/admin/sites")
                .headers(h -> h.setBearerAuth(token(ADMIN)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return new RegisteredSite((String) site.get("siteId"), (String) site.get("secret"));
    }

    RegisteredSite shop() {
        return register(Map.of("name", "Acme Shop", "allowedOrigins", List.of("https://shop.example")));
    }

    static JWTClaimsSet.Builder claims(String siteId, String shopCustomerId) {
        return SiteTokens.claims(siteId, shopCustomerId);
    }

    static String hs256(String secret, JWTClaimsSet claims) throws Exception {
        return SiteTokens.hs256(secret, claims);
    }

    WebTestClient.ResponseSpec exchange(String identityToken) {
        return web.post()
                .uri("/api/auth/identity")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("identityToken", identityToken))
                .exchange();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> signIn(String identityToken) {
        return exchange(identityToken)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    void refused(String identityToken, String why) {
        exchange(identityToken)
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains(why));
    }

    @Test
    void aShopsCustomerSignsInWithTheirIdentityTokenTheFirstVisitCreatesTheirProfileLaterOnesFindIt() throws Exception {
        RegisteredSite site = shop();
        assertThat(site.siteId()).startsWith("site_");
        assertThat(site.secret()).hasSizeGreaterThanOrEqualTo(43);
        String shopCustomer = "shop-" + UUID.randomUUID();

        Map<String, Object> first =
                signIn(hs256(site.secret(), claims(site.siteId(), shopCustomer).build()));
        assertThat(first).containsEntry("role", "CUSTOMER").containsEntry("tokenType", "Bearer");
        String customerId = (String) first.get("subject");
        web.get()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth((String) first.get("accessToken")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(customerId)
                .jsonPath("$.account.name")
                .isEqualTo("Nia Shopper")
                .jsonPath("$.account.email")
                .isEqualTo(shopCustomer + "@shop.example")
                .jsonPath("$.account.language")
                .isEqualTo("fr");

        // later visits: the same customer, the name kept up to date, no second profile
        Map<String, Object> again = signIn(hs256(
                site.secret(),
                claims(site.siteId(), shopCustomer).claim("name", "Nia Renamed").build()));
        assertThat(again.get("subject")).isEqualTo(customerId);
        web.get()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth((String) again.get("accessToken")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.account.name")
                .isEqualTo("Nia Renamed");

        // the same shop customer id at another site is another customer
        RegisteredSite other = shop();
        assertThat(signIn(hs256(
                                other.secret(),
                                claims(other.siteId(), shopCustomer).build()))
                        .get("subject"))
                .isNotEqualTo(customerId);
    }

    @Test
    void aShopCannotReachAnotherCustomersProfileBySayingTheirEmail() throws Exception {
        RegisteredSite site = shop();
        String carlosId = (String) login(CARLOS).get("subject");
        Map<String, Object> impostor = signIn(hs256(
                site.secret(),
                claims(site.siteId(), "shop-carlos").claim("email", CARLOS).build()));
        assertThat(impostor.get("subject")).isNotEqualTo(carlosId);
        String token = (String) impostor.get("accessToken");
        web.get()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.account.email")
                .doesNotExist()
                .jsonPath("$.purchases.length()")
                .isEqualTo(0);
        web.get()
                .uri("/api/profiles/{id}", carlosId)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isNotFound();
        // and the other way round: the shop's customer is theirs alone
        String impostorId = (String) impostor.get("subject");
        web.get()
                .uri("/api/profiles/{id}", impostorId)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(impostorId);
        web.get()
                .uri("/api/profiles/{id}", impostorId)
                .headers(h -> h.setBearerAuth(token(CARLOS)))
                .exchange()
                .expectStatus()
                .isNotFound();
        web.get()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth(token(CARLOS)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(carlosId)
                .jsonPath("$.account.email")
                .isEqualTo(CARLOS);
    }

    @Test
    void everyBrokenRuleIsAClear401() throws Exception {
        RegisteredSite site = shop();
        RegisteredSite other = shop();
        String id = site.siteId();
        refused(
                hs256(
                        Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]) + "x",
                        claims(id, "c1").build()),
                "signature");
        refused(hs256(other.secret(), claims(id, "c1").build()), "signature");
        refused(hs256(site.secret(), claims("site_unknown", "c1").build()), "not registered");
        Instant past = Instant.now().minusSeconds(3600);
        refused(
                hs256(
                        site.secret(),
                        claims(id, "c1")
                                .issueTime(Date.from(past))
                                .expirationTime(Date.from(past.plusSeconds(300)))
                                .build()),
                "expired");
        refused(
                hs256(
                        site.secret(),
                        claims(id, "c1")
                                .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                                .build()),
                "at most 10 minutes");
        refused(hs256(site.secret(), claims(id, "c1").jwtID(null).build()), "jti");
        refused(hs256(site.secret(), claims(id, "").build()), "sub");
        refused(
                hs256(
                        site.secret(),
                        claims(id, "c1").audience(List.of(id, other.siteId())).build()),
                "exactly one");
        // alg none: no signature at all
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims(id, "c1").build().toString().getBytes(StandardCharsets.UTF_8));
        refused(header + "." + body + ".", "signed JWT");
        // another algorithm than the site's
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
        SignedJWT rs = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                claims(id, "c1").build());
        rs.sign(new RSASSASigner(rsa));
        refused(rs.serialize(), "HS256");
        refused("not.a.token", "signed JWT");
        // replayed: the same token twice
        String once = hs256(site.secret(), claims(id, "c1").build());
        signIn(once);
        refused(once, "used before");
        // a token for one site presented on another site's widget
        web.post()
                .uri("/api/auth/identity")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "identityToken", hs256(site.secret(), claims(id, "c1").build()), "siteId", other.siteId()))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("another site"));
        // no token, or nonsense in the body: 400, not 500
        web.post()
                .uri("/api/auth/identity")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aRotatedSecretKeepsWorkingForItsGracePeriodOnly() throws Exception {
        RegisteredSite site = shop();
        String old = site.secret();
        String admin = token(ADMIN);
        @SuppressWarnings("unchecked")
        Map<String, Object> rotated = web.post()
                .uri("/api/admin/sites/{id}/secret", site.siteId())
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String fresh = (String) rotated.get("secret");
        assertThat(fresh).isNotEqualTo(old);
        // the previous secret is accepted for the configured grace (smart.sites.secret-grace) from the rotation
        assertThat(Instant.parse((String) rotated.get("previousSecretUntil")))
                .isBetween(
                        Instant.now().plus(siteProperties.secretGrace()).minusSeconds(60),
                        Instant.now().plus(siteProperties.secretGrace()));
        signIn(hs256(fresh, claims(site.siteId(), "c2").build()));
        signIn(hs256(old, claims(site.siteId(), "c2").build()));
        // the grace period is over
        mongo.updateFirst(
                        Query.query(Criteria.where("_id").is(site.siteId())),
                        Update.update("previousSecretUntil", Instant.now().minusSeconds(1)),
                        "sites")
                .block(Duration.ofSeconds(10));
        refused(hs256(old, claims(site.siteId(), "c2").build()), "signature");
        signIn(hs256(fresh, claims(site.siteId(), "c2").build()));
        // a second rotation: only the secret it replaces is in grace, the first one is refused at once
        Map<?, ?> again = web.post()
                .uri("/api/admin/sites/{id}/secret", site.siteId())
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String third = (String) again.get("secret");
        signIn(hs256(third, claims(site.siteId(), "c2").build()));
        signIn(hs256(fresh, claims(site.siteId(), "c2").build()));
        refused(hs256(old, claims(site.siteId(), "c2").build()), "signature");
        // the list shows no secret
        web.get()
                .uri("/api/admin/sites")
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(list ->
                        assertThat(list).contains(site.siteId()).doesNotContain(third, fresh, old, "\"secret\":\""));
    }

    @Test
    void secretsAreStoredEncryptedAndASecretStoredBeforeTheKeyWasSetKeepsWorkingUntilRotated() throws Exception {
        RegisteredSite site = shop();
        Document stored = mongo.findById(site.siteId(), Document.class, "sites").block(Duration.ofSeconds(10));
        assertThat(stored.getString("secret")).startsWith("v1:").doesNotContain(site.secret());
        assertThat(stored.toJson()).doesNotContain(site.secret());

        // a site registered while no key was configured: its secret is in clear, and still works
        String plain = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(UUID.randomUUID().toString().repeat(2).getBytes(StandardCharsets.UTF_8))
                .substring(0, 43);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(site.siteId())), Update.update("secret", plain), "sites")
                .block(Duration.ofSeconds(10));
        signIn(hs256(plain, claims(site.siteId(), "legacy").build()));
        // rotating stores the new secret encrypted; the clear one is the previous, in grace
        Map<?, ?> rotated = web.post()
                .uri("/api/admin/sites/{id}/secret", site.siteId())
                .headers(h -> h.setBearerAuth(token(ADMIN)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String fresh = (String) rotated.get("secret");
        stored = mongo.findById(site.siteId(), Document.class, "sites").block(Duration.ofSeconds(10));
        assertThat(stored.getString("secret")).startsWith("v1:");
        assertThat(stored.toJson()).doesNotContain(fresh);
        signIn(hs256(fresh, claims(site.siteId(), "legacy").build()));
        signIn(hs256(plain, claims(site.siteId(), "legacy").build()));

        // one site's sealed secret copied onto another site opens nothing: 503, a configuration fault
        RegisteredSite other = shop();
        Document otherStored =
                mongo.findById(other.siteId(), Document.class, "sites").block(Duration.ofSeconds(10));
        mongo.updateFirst(
                        Query.query(Criteria.where("_id").is(site.siteId())),
                        Update.update("secret", otherStored.getString("secret")).unset("previousSecret"),
                        "sites")
                .block(Duration.ofSeconds(10));
        exchange(hs256(other.secret(), claims(site.siteId(), "legacy").build()))
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aSiteWithItsOwnKeysSignsWithRs256() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("shop-2026").generate();
        try (FakeService jwks = FakeService.answeringJson(new JWKSet(key.toPublicJWK()).toString())) {
            RegisteredSite site = register(Map.of(
                    "name",
                    "Keys Shop",
                    "allowedOrigins",
                    List.of("https://keys.example"),
                    "jwksUrl",
                    jwks.url() + "/jwks.json"));
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("shop-2026").build(),
                    claims(site.siteId(), "rs-customer").build());
            jwt.sign(new RSASSASigner(key));
            assertThat(signIn(jwt.serialize())).containsEntry("role", "CUSTOMER");
            // signed by another key, or with the site's secret: refused
            RSAKey stranger = new RSAKeyGenerator(2048).keyID("shop-2026").generate();
            SignedJWT forged = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("shop-2026").build(),
                    claims(site.siteId(), "rs-customer").build());
            forged.sign(new RSASSASigner(stranger));
            refused(forged.serialize(), "signature");
            refused(hs256(site.secret(), claims(site.siteId(), "rs-customer").build()), "RS256");
        }
    }

    @Test
    void aShopThatRotatesItsKeysIsReadAgainForTheNewKeyButUnknownKeysCannotMakeUsHammerIt() throws Exception {
        RSAKey before = new RSAKeyGenerator(2048).keyID("shop-2026-01").generate();
        RSAKey after = new RSAKeyGenerator(2048).keyID("shop-2026-02").generate();
        AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(before.toPublicJWK()));
        try (FakeService jwks = FakeService.answering(
                request -> FakeService.json(published.get().toString()))) {
            RegisteredSite site = register(Map.of(
                    "name",
                    "Rotating Shop",
                    "allowedOrigins",
                    List.of("https://rotating.example"),
                    "jwksUrl",
                    jwks.url() + "/jwks"));
            signIn(rs256(before, claims(site.siteId(), "rot-1").build()));
            assertThat(jwks.requestCount()).isEqualTo(1);
            signIn(rs256(before, claims(site.siteId(), "rot-1").build()));
            assertThat(jwks.requestCount()).as("the key set is cached").isEqualTo(1);

            // the shop publishes its new key and signs with it at once: read again, accepted
            published.set(new JWKSet(List.of(after.toPublicJWK(), before.toPublicJWK())));
            signIn(rs256(after, claims(site.siteId(), "rot-1").build()));
            assertThat(jwks.requestCount()).isEqualTo(2);

            // key ids nobody published: refused, and the shop is not asked again within the interval
            for (int i = 0; i < 3; i++) {
                RSAKey stranger =
                        new RSAKeyGenerator(2048).keyID("stranger-" + i).generate();
                refused(rs256(stranger, claims(site.siteId(), "rot-1").build()), "signature");
            }
            assertThat(jwks.requestCount()).isEqualTo(2);
        }
    }

    static String rs256(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void theExportListsTheShopSignInAndErasureForgetsItSoTheShopsNextSignInIsANewCustomer() throws Exception {
        RegisteredSite site = shop();
        String shopCustomer = "erase-" + UUID.randomUUID();
        Map<String, Object> first =
                signIn(hs256(site.secret(), claims(site.siteId(), shopCustomer).build()));
        String token = (String) first.get("accessToken");
        String customerId = (String) first.get("subject");
        conversationsDown = false;
        web.get()
                .uri("/api/profiles/me/export")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.customerId")
                .isEqualTo(customerId)
                .jsonPath("$.shopSignIns.length()")
                .isEqualTo(1)
                .jsonPath("$.shopSignIns[0].siteId")
                .isEqualTo(site.siteId())
                .jsonPath("$.shopSignIns[0].shopCustomerId")
                .isEqualTo(shopCustomer)
                .jsonPath("$.shopSignIns[0].firstSeen")
                .isNotEmpty();

        web.delete()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(mongo.count(Query.query(Criteria.where("customerId").is(customerId)), "shop_identities")
                        .block(Duration.ofSeconds(10)))
                .as("the link is gone")
                .isZero();

        Map<String, Object> next =
                signIn(hs256(site.secret(), claims(site.siteId(), shopCustomer).build()));
        assertThat(next.get("subject")).as("a new customer, not the erased one").isNotEqualTo(customerId);
        web.get()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth((String) next.get("accessToken")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(next.get("subject"));
    }

    @Test
    void guestsChatOnlyWhereTheSiteAllowsItAndHaveNoProfile() {
        RegisteredSite closed = shop();
        RegisteredSite open = register(
                Map.of("name", "Open Shop", "allowedOrigins", List.of("https://open.example"), "guestChats", true));
        web.post()
                .uri("/api/auth/guest")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("siteId", closed.siteId()))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        @SuppressWarnings("unchecked")
        Map<String, Object> guest = web.post()
                .uri("/api/auth/guest")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("siteId", open.siteId()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(guest).containsEntry("role", "CUSTOMER");
        web.get()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth((String) guest.get("accessToken")))
                .exchange()
                .expectStatus()
                .isNotFound();
        web.get()
                .uri("/api/sites/{id}/embed", open.siteId())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.guestChats")
                .isEqualTo(true)
                .jsonPath("$.secret")
                .doesNotExist()
                .jsonPath("$.allowedOrigins[0]")
                .isEqualTo("https://open.example");
        web.get().uri("/api/sites/site_nope/embed").exchange().expectStatus().isNotFound();
    }

    @Test
    void onlyAdminsManageSitesAndBadSitesAreRefusedClearly() {
        Consumer<Map<String, Object>> bad = body -> web.post()
                .uri("/api/admin/sites")
                .headers(h -> h.setBearerAuth(token(ADMIN)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        bad.accept(Map.of("name", "X", "allowedOrigins", List.of("http://shop.example")));
        bad.accept(Map.of("name", "X", "allowedOrigins", List.of("https://shop.example/path")));
        bad.accept(Map.of("name", "X", "allowedOrigins", List.of("https://a.example; script-src *")));
        bad.accept(Map.of("name", "X", "allowedOrigins", List.of()));
        bad.accept(Map.of("allowedOrigins", List.of("https://shop.example")));
        bad.accept(Map.of("name", "X", "allowedOrigins", List.of("https://shop.example"), "jwksUrl", "ftp://x"));
        for (String who : List.of(token(CARLOS), token(AGENT))) {
            web.post()
                    .uri("/api/admin/sites")
                    .headers(h -> h.setBearerAuth(who))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("name", "X", "allowedOrigins", List.of("https://shop.example")))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        }
        web.patch()
                .uri("/api/admin/sites/site_nope")
                .headers(h -> h.setBearerAuth(token(ADMIN)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("guestChats", true))
                .exchange()
                .expectStatus()
                .isNotFound();
    }
}
