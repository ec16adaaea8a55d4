package com.smartsupport.llm.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.smartsupport.llm.FakeBackends;
import com.smartsupport.llm.LlmServiceApplication;
import com.smartsupport.llm.LlmServiceTestBase;
import com.smartsupport.platform.events.KnowledgeChanged;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.testsupport.AuthMatrix;
import com.smartsupport.platform.testsupport.AuthMatrix.Who;
import com.smartsupport.platform.testsupport.EmbeddedInfra;
import com.smartsupport.platform.testsupport.KafkaProbe;
import com.smartsupport.platform.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;

/**
 * The knowledge base's API against the embedded MongoDB-wire server and Kafka broker: who may do what, every
 * change stored, indexed here at once and announced, bad input refused with problem details, the Markdown import,
 * and a second llm-service instance that learns of an admin's new article from {@code knowledge.changed}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.ai.openai.api-key=test-key", "smart.instance-id=knowledge-api-a"})
@AutoConfigureWebTestClient
class KnowledgeApiTest extends LlmServiceTestBase {
    static final String ADMIN = TestTokens.admin("adm_test");
    static final String AGENT = TestTokens.agent("agt_test");
    static final String CUSTOMER = TestTokens.customer(FakeBackends.CARLOS);
    static final String KB_SYNC = TestTokens.service("kb-sync", "knowledge:read knowledge:write");

    @Autowired
    WebTestClient web;

    @Autowired
    KnowledgeIndex index;

    static String article(String slug, String title, String body, String language, String visibility) {
        return """
                {"slug":"%s","title":"%s","body":"%s","language":"%s","tags":["test"],"visibility":"%s"}""".formatted(slug, title, body, language, visibility);
    }

    JsonNode create(String json) {
        return web.post()
                .uri("/api/knowledge/articles")
                .headers(h -> h.setBearerAuth(ADMIN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void anAdminCreatesChangesAndDeletesAnArticleAndEveryChangeIsIndexedHereAndAnnounced() {
        String slug = "gift-wrap-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = create(article(
                slug,
                "Gift wrapping",
                "## Gift wrapping\\nEvery SMART Shop order can be "
                        + "gift wrapped in recycled paper for 4 dollars; choose it at checkout before paying.",
                "en",
                "public"));
        String id = created.get("id").asString();
        assertThat(id).startsWith("kb_");
        assertThat(created.get("version").asLong()).isEqualTo(1);
        assertThat(created.get("visibility").asString()).isEqualTo("public");

        // the next question on this instance finds it at once
        assertThat(index.search(KnowledgeQuery.forCustomer("can you gift wrap my order?", "en", Set.of(), 3))
                        .relevant())
                .extracting(h -> h.passage().articleId())
                .contains(id);
        KafkaProbe.awaitRecord(
                bootstrap,
                Topics.KNOWLEDGE_CHANGED,
                r -> r.value().contains(id) && r.value().contains(KnowledgeChanged.UPSERTED));

        // a customer can open a public article (a cited source); an agent sees it in the list
        web.get()
                .uri("/api/knowledge/articles/" + id)
                .headers(h -> h.setBearerAuth(CUSTOMER))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Gift wrapping");
        web.get()
                .uri("/api/knowledge/articles?q=gift&size=100")
                .headers(h -> h.setBearerAuth(AGENT))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items[?(@.id=='" + id + "')]")
                .exists();

        // replaced: version 2, the index follows
        web.put()
                .uri("/api/knowledge/articles/" + id)
                .headers(h -> h.setBearerAuth(KB_SYNC))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(article(
                        slug,
                        "Gift wrapping",
                        "Gift wrapping is no longer offered by SMART Shop, "
                                + "sorry: parcels ship in plain recyclable boxes.",
                        "en",
                        "internal"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(2);
        assertThat(index.version(id)).isEqualTo(2);
        // now internal: a customer is told it does not exist, and a customer's search never finds it
        web.get()
                .uri("/api/knowledge/articles/" + id)
                .headers(h -> h.setBearerAuth(CUSTOMER))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(index.search(KnowledgeQuery.forCustomer("gift wrapping", "en", Set.of(), 5))
                        .hits())
                .extracting(h -> h.passage().articleId())
                .doesNotContain(id);

        web.delete()
                .uri("/api/knowledge/articles/" + id)
                .headers(h -> h.setBearerAuth(ADMIN))
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(index.version(id)).isEqualTo(-1);
        web.delete()
                .uri("/api/knowledge/articles/" + id)
                .headers(h -> h.setBearerAuth(ADMIN))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void badInputIsAClearProblemAndChangesNothing() {
        String slug = "dup-" + UUID.randomUUID().toString().substring(0, 8);
        create(article(slug, "Duplicate test", "Some body text about nothing in particular.", "en", "public"));
        expectProblem(post(article(slug, "Other", "Other body.", "en", "public")), 409);
        expectProblem(post(article("x-" + slug, "Other", "Body.", "klingon", "public")), 400);
        expectProblem(post(article("y-" + slug, "Other", "Body.", "en", "secret")), 400);
        expectProblem(post(article("Not A Slug!", "Other", "Body.", "en", "public")), 400);
        expectProblem(post("{\"title\":\"No body\"}"), 400);
        expectProblem(post(article("z-" + slug, "Too long", "a".repeat(100_001), "en", "public")), 400);
        expectProblem(post(article("w-" + slug, "Far too long", "a".repeat(600_000), "en", "public")), 413);
        expectProblem(post("{not json"), 400);
        expectProblem(
                web.get()
                        .uri("/api/knowledge/articles?size=1000")
                        .headers(h -> h.setBearerAuth(AGENT))
                        .exchange(),
                400);
        expectProblem(
                web.get()
                        .uri("/api/knowledge/articles/kb_nope")
                        .headers(h -> h.setBearerAuth(AGENT))
                        .exchange(),
                404);
        expectProblem(
                web.put()
                        .uri("/api/knowledge/articles/kb_nope")
                        .headers(h -> h.setBearerAuth(ADMIN))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(article("q-" + slug, "T", "B.", "en", "public"))
                        .exchange(),
                404);
        web.get()
                .uri("/api/knowledge/articles?q=" + slug + "&size=100")
                .headers(h -> h.setBearerAuth(AGENT))
                .exchange()
                .expectBody()
                .jsonPath("$.total")
                .isEqualTo(0); // the q filter is on titles
        web.get()
                .uri("/api/knowledge/articles?q=Duplicate&size=100")
                .headers(h -> h.setBearerAuth(AGENT))
                .exchange()
                .expectBody()
                .jsonPath("$.items[?(@.slug=='x-" + slug + "')]")
                .doesNotExist();
    }

    @Test
    void anImportKeepsTheValidFilesAndSaysPerFileWhatWasRefused() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String good = "---\nslug: import-a-" + run + "\ntitle: Imported A\nlanguage: fr\nvisibility: public\n"
                + "tags: [import, test]\nproducts: [SW-ANC-700]\n---\n## Première section\nTexte importé en français "
                + "sur le retour des écouteurs.";
        String noFrontMatter = "# Imported B " + run + "\n\nAn article with only a heading and a body.";
        String badLanguage = "---\ntitle: Bad\nlanguage: xx\n---\nBody";
        String unknownKey = "---\ntitle: Bad\nauthor: me\n---\nBody";
        JsonNode report = importFiles(
                ADMIN,
                List.of(
                        file("a.md", good),
                        file("import-b-" + run + ".md", noFrontMatter),
                        file("c.md", badLanguage),
                        file("d.md", unknownKey),
                        file("e.md", "")));
        assertThat(report.get("created").asInt()).isEqualTo(2);
        assertThat(report.get("refused").asInt()).isEqualTo(3);
        assertThat(report.get("files").get(2).get("error").asString()).contains("language");
        assertThat(report.get("files").get(3).get("error").asString()).contains("author");
        assertThat(report.get("files").get(4).get("error").asString()).contains("empty");
        String importedId = report.get("files").get(0).get("articleId").asString();
        web.get()
                .uri("/api/knowledge/articles/" + importedId)
                .headers(h -> h.setBearerAuth(CUSTOMER))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.language")
                .isEqualTo("fr")
                .jsonPath("$.products[0]")
                .isEqualTo("SW-ANC-700");

        // importing the same files again changes nothing; a changed file is an update
        JsonNode again = importFiles(
                KB_SYNC,
                List.of(
                        file("a.md", good),
                        file("import-b-" + run + ".md", noFrontMatter.replace("a body", "a longer body"))));
        assertThat(again.get("unchanged").asInt()).isEqualTo(1);
        assertThat(again.get("updated").asInt()).isEqualTo(1);

        // only writers import
        web.post()
                .uri("/api/knowledge/import")
                .headers(h -> h.setBearerAuth(AGENT))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts(List.of(file("a.md", good)))))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void aSecondInstanceLearnsOfANewArticleFromTheEvent() {
        // command-line arguments: they win over application.yml's placeholders, as for a real second instance
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(LlmServiceApplication.class)
                .run(
                        "--server.port=0",
                        "--smart.instance-id=knowledge-api-b",
                        "--spring.kafka.bootstrap-servers=" + bootstrap,
                        "--spring.mongodb.uri=" + EmbeddedInfra.mongoUri(),
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestTokens.jwkSetUri(),
                        "--smart.service-client.client-secret=test-secret",
                        "--smart.backends.instances.profile-service=" + backends.url(),
                        "--smart.backends.instances.conversation-service=" + backends.url(),
                        "--smart.knowledge.reconcile-interval=1h")) {
            KnowledgeIndex otherIndex = other.getBean(KnowledgeIndex.class);
            // the other instance's consumer must be assigned before the event is written (it reads from "latest")
            var listener = other.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("knowledge-sync");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> listener.getAssignedPartitions() != null
                            && !listener.getAssignedPartitions().isEmpty());
            String slug = "loaner-" + UUID.randomUUID().toString().substring(0, 8);
            String id = create(article(
                            slug,
                            "Loaner laptops",
                            "While an UltraBook is being repaired under "
                                    + "warranty, SMART Shop lends the customer a loaner laptop free of charge.",
                            "en",
                            "public"))
                    .get("id")
                    .asString();
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(otherIndex
                                    .search(KnowledgeQuery.forCustomer(
                                            "do you lend a laptop while mine is repaired?", "en", Set.of(), 3))
                                    .relevant())
                            .extracting(h -> h.passage().articleId())
                            .contains(id));
            web.delete()
                    .uri("/api/knowledge/articles/" + id)
                    .headers(h -> h.setBearerAuth(ADMIN))
                    .exchange()
                    .expectStatus()
                    .isNoContent();
            await().atMost(Duration.ofSeconds(20)).until(() -> otherIndex.version(id) == -1);
        }
    }

    @TestFactory
    List<DynamicTest> everyEndpointAsEveryCaller() {
        String publicId = create(article(
                        "matrix-public-" + UUID.randomUUID().toString().substring(0, 8),
                        "Matrix public",
                        "Public text for the matrix.",
                        "en",
                        "public"))
                .get("id")
                .asString();
        String internalId = create(article(
                        "matrix-internal-" + UUID.randomUUID().toString().substring(0, 8),
                        "Matrix internal",
                        "Internal text for the matrix.",
                        "en",
                        "internal"))
                .get("id")
                .asString();
        Supplier<String> fresh = () -> article("matrix-" + UUID.randomUUID(), "Matrix", "Matrix body.", "en", "public");
        Supplier<String> freshPath =
                () -> "/api/knowledge/articles/" + create(fresh.get()).get("id").asString();
        List<AuthMatrix.Row> rows = List.of(
                AuthMatrix.row(HttpMethod.POST, "/api/knowledge/articles")
                        .body(fresh)
                        .expect(Who.ADMIN, 201)
                        .expect(Who.SERVICE, 201)
                        .expect(Who.AGENT, 403)
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .build(),
                AuthMatrix.row(HttpMethod.PUT, freshPath)
                        .body(fresh)
                        .expect(Who.ADMIN, 200)
                        .expect(Who.SERVICE, 200)
                        .expect(Who.AGENT, 403)
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .build(),
                AuthMatrix.row(HttpMethod.DELETE, freshPath)
                        .expect(Who.ADMIN, 204)
                        .expect(Who.SERVICE, 204)
                        .expect(Who.AGENT, 403)
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .build(),
                AuthMatrix.row(HttpMethod.GET, "/api/knowledge/articles")
                        .expect(Who.ADMIN, 200)
                        .expect(Who.SERVICE, 200)
                        .expect(Who.AGENT, 200)
                        .expect(Who.OWNER, 403)
                        .expect(Who.OTHER_CUSTOMER, 403)
                        .build(),
                AuthMatrix.row(HttpMethod.GET, "/api/knowledge/articles/" + publicId)
                        .expect(Who.ADMIN, 200)
                        .expect(Who.SERVICE, 200)
                        .expect(Who.AGENT, 200)
                        .expect(Who.OWNER, 200)
                        .expect(Who.OTHER_CUSTOMER, 200)
                        .build(),
                AuthMatrix.row(HttpMethod.GET, "/api/knowledge/articles/" + internalId)
                        .expect(Who.ADMIN, 200)
                        .expect(Who.SERVICE, 200)
                        .expect(Who.AGENT, 200)
                        .expect(Who.OWNER, 404)
                        .expect(Who.OTHER_CUSTOMER, 404)
                        .build(),
                AuthMatrix.row(HttpMethod.GET, "/api/knowledge/search?q=matrix")
                        .expect(Who.ADMIN, 200)
                        .expect(Who.SERVICE, 200)
                        .expect(Who.AGENT, 200)
                        .expect(Who.OWNER, 200)
                        .expect(Who.OTHER_CUSTOMER, 200)
                        .build());
        return AuthMatrix.tests(web, rows, who -> switch (who) {
            case OWNER -> CUSTOMER;
            case OTHER_CUSTOMER -> TestTokens.customer(FakeBackends.AMIRA);
            case AGENT -> AGENT;
            case ADMIN -> ADMIN;
            case SERVICE -> KB_SYNC;
            case NO_TOKEN -> null;
            case EXPIRED -> TestTokens.expiredCustomer("cus_x");
            case BAD_SIGNATURE -> TestTokens.foreignSigned("cus_x");
            case ALG_NONE -> TestTokens.unsigned("adm_x", "ADMIN");
            case WRONG_ISSUER -> TestTokens.wrongIssuer("cus_x");
        });
    }

    @Test
    void aServiceWithoutTheKnowledgeScopesIsRefused() {
        String other = TestTokens.service("llm-service", "profiles:read conversations:read");
        expectProblem(
                web.post()
                        .uri("/api/knowledge/articles")
                        .headers(h -> h.setBearerAuth(other))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(article("svc-x", "T", "B.", "en", "public"))
                        .exchange(),
                403);
        expectProblem(
                web.get()
                        .uri("/api/knowledge/articles")
                        .headers(h -> h.setBearerAuth(other))
                        .exchange(),
                403);
        // a customer's search finds public articles only
        String internal = create(article(
                        "secret-procedure-" + UUID.randomUUID().toString().substring(0, 8),
                        "Refund approval limits",
                        "Agents may approve goodwill refunds up to 75 dollars without a " + "supervisor.",
                        "en",
                        "internal"))
                .get("id")
                .asString();
        web.get()
                .uri("/api/knowledge/search?q=goodwill refund approval limit")
                .headers(h -> h.setBearerAuth(CUSTOMER))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.results[?(@.articleId=='" + internal + "')]")
                .doesNotExist();
        web.get()
                .uri("/api/knowledge/search?q=goodwill refund approval limit")
                .headers(h -> h.setBearerAuth(AGENT))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.results[0].articleId")
                .isEqualTo(internal)
                .jsonPath("$.results[0].visibility")
                .isEqualTo("internal");
    }

    private WebTestClient.ResponseSpec post(String json) {
        return web.post()
                .uri("/api/knowledge/articles")
                .headers(h -> h.setBearerAuth(ADMIN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    private static void expectProblem(WebTestClient.ResponseSpec response, int status) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(status);
    }

    record NamedFile(String name, String content) {}

    static NamedFile file(String name, String content) {
        return new NamedFile(name, content);
    }

    private JsonNode importFiles(String token, List<NamedFile> files) {
        return web.post()
                .uri("/api/knowledge/import")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts(files)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private static MultiValueMap<String, HttpEntity<?>> parts(List<NamedFile> files) {
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        for (NamedFile f : files) {
            builder.part("files", new ByteArrayResource(f.content().getBytes(StandardCharsets.UTF_8)) {
                        @Override
                        public String getFilename() {
                            return f.name();
                        }
                    })
                    .contentType(MediaType.TEXT_MARKDOWN);
        }
        return builder.build();
    }
}
