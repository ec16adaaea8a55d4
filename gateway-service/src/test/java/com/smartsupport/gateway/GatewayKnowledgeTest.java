package com.smartsupport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.testsupport.FakeService;
import com.smartsupport.platform.testsupport.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;

/**
 * The knowledge base's routes: {@code /api/knowledge/**} goes to llm-service (a fake of its own here, apart from the
 * other services' fake), an admin's token is handled like any other, and the body limits: an import may be up to
 * {@code smart.limits.max-import-body} (2MB), an article write up to 512KB, everything else 64KB; beyond, a 413
 * problem and nothing is accepted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayKnowledgeTest {
    static final int KB = 1024;
    static final List<RecordedRequest> atLlm = new CopyOnWriteArrayList<>();
    static final List<RecordedRequest> atOthers = new CopyOnWriteArrayList<>();
    static final FakeService llm = fake(atLlm);
    static final FakeService others = fake(atOthers);

    static FakeService fake(List<RecordedRequest> received) {
        return FakeService.answering(request -> {
            received.add(request);
            return FakeService.json("{\"path\":\"" + request.getPath() + "\",\"bytes\":" + request.getBodySize() + "}");
        });
    }

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        for (String s : List.of("PROFILE", "CONVERSATION", "ESCALATION")) {
            registry.add("SMART_" + s + "_SERVICE_URL", others::url);
        }
        registry.add("SMART_LLM_SERVICE_URL", llm::url);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens::jwkSetUri);
    }

    @AfterAll
    static void stop() throws IOException {
        llm.close();
        others.close();
    }

    @Autowired
    WebTestClient web;

    final String admin = TestTokens.admin("adm_" + System.nanoTime());

    @BeforeEach
    void clear() {
        atLlm.clear();
        atOthers.clear();
    }

    @Test
    void theKnowledgeBaseIsRoutedToLlmServiceWithTheTokenAndWithoutClientSentIdentity() {
        String kbSync = TestTokens.service("kb-sync", "knowledge:read knowledge:write");
        for (String path : List.of(
                "/api/knowledge",
                "/api/knowledge/articles",
                "/api/knowledge/articles/art_1",
                "/api/knowledge/search?q=warranty")) {
            for (String token : List.of(admin, kbSync)) {
                web.get()
                        .uri(path)
                        .headers(h -> {
                            h.setBearerAuth(token);
                            h.set("X-User-Id", "adm_someone_else");
                            h.set("X-Roles", "AGENT");
                        })
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.path")
                        .isEqualTo(path);
            }
        }
        assertThat(atOthers).isEmpty();
        assertThat(atLlm).hasSize(8).allSatisfy(r -> {
            assertThat(r.getHeader("Authorization")).isIn("Bearer " + admin, "Bearer " + kbSync);
            assertThat(r.getHeader("X-User-Id")).isNull();
            assertThat(r.getHeader("X-Roles")).isNull();
        });
        // a look-alike prefix is not the knowledge base
        web.get()
                .uri("/api/knowledgebase")
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get()
                .uri("/api/knowledge/articles")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(atLlm).hasSize(8);
    }

    @Test
    void anImportMayCarryUpToTwoMegabytesAndBeyondIsA413Problem() {
        byte[] fits = multipart("boundary-fits", 2 * KB * KB - 4 * KB);
        web.post()
                .uri("/api/knowledge/import")
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=boundary-fits"))
                .bodyValue(fits)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.bytes")
                .isEqualTo(fits.length);
        assertThat(atLlm).hasSize(1);

        byte[] tooLarge = multipart("boundary-large", 2 * KB * KB + 10);
        tooLarge(
                web.post()
                        .uri("/api/knowledge/import")
                        .headers(h -> h.setBearerAuth(admin))
                        .contentType(MediaType.parseMediaType("multipart/form-data; boundary=boundary-large"))
                        .bodyValue(tooLarge)
                        .exchange(),
                2 * KB * KB);
        assertThat(atLlm).hasSize(1);
    }

    @Test
    void anImportWithoutADeclaredLengthIsCountedAsItComes() {
        // the multipart writer streams the parts (chunked, no Content-Length)
        web.post()
                .uri("/api/knowledge/import")
                .headers(h -> h.setBearerAuth(admin))
                .body(BodyInserters.fromMultipartData(markdownFiles(3, 256 * KB)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.bytes")
                .value(n -> assertThat(((Number) n).longValue()).isGreaterThan(3 * 256 * KB));
        assertThat(atLlm).hasSize(1);
        assertThat(atLlm.get(0).getHeader("Content-Length")).as("sent chunked").isNull();
        tooLarge(
                web.post()
                        .uri("/api/knowledge/import")
                        .headers(h -> h.setBearerAuth(admin))
                        .body(BodyInserters.fromMultipartData(markdownFiles(5, 512 * KB)))
                        .exchange(),
                2 * KB * KB);
        // the same for any other body: a chunked chat message over 64KB
        Flux<DataBuffer> chunks = Flux.range(0, 10)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(
                        ("x".repeat(8 * KB)).getBytes(StandardCharsets.UTF_8)));
        tooLarge(
                web.post()
                        .uri("/api/conversations/c1/messages")
                        .headers(h -> h.setBearerAuth(TestTokens.customer("cus_chunked")))
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(chunks, DataBuffer.class)
                        .exchange(),
                64 * KB);
        assertThat(atOthers).isEmpty();
    }

    @Test
    void anArticleWriteMayCarryUpTo512KilobytesAndEverythingElse64() {
        String fits = article(500 * KB);
        for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.PUT)) {
            String path = method == HttpMethod.POST ? "/api/knowledge/articles" : "/api/knowledge/articles/art_1";
            web.method(method)
                    .uri(path)
                    .headers(h -> h.setBearerAuth(admin))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(fits)
                    .exchange()
                    .expectStatus()
                    .isOk();
            tooLarge(
                    web.method(method)
                            .uri(path)
                            .headers(h -> h.setBearerAuth(admin))
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(article(513 * KB))
                            .exchange(),
                    512 * KB);
        }
        assertThat(atLlm).hasSize(2);

        // elsewhere in the knowledge base, and other methods on the import and article paths: the normal 64KB
        String overNormal = article(65 * KB);
        tooLarge(
                web.post()
                        .uri("/api/knowledge/search")
                        .headers(h -> h.setBearerAuth(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(overNormal)
                        .exchange(),
                64 * KB);
        tooLarge(
                web.put()
                        .uri("/api/knowledge/import")
                        .headers(h -> h.setBearerAuth(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(overNormal)
                        .exchange(),
                64 * KB);
        tooLarge(
                web.patch()
                        .uri("/api/knowledge/articles/art_1")
                        .headers(h -> h.setBearerAuth(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(overNormal)
                        .exchange(),
                64 * KB);
        tooLarge(
                web.post()
                        .uri("/api/knowledge/articles/art_1/extra")
                        .headers(h -> h.setBearerAuth(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(overNormal)
                        .exchange(),
                64 * KB);
        tooLarge(
                web.post()
                        .uri("/api/conversations/c1/messages")
                        .headers(h -> h.setBearerAuth(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(overNormal)
                        .exchange(),
                64 * KB);
        assertThat(atLlm).hasSize(2);
        assertThat(atOthers).isEmpty();
    }

    static void tooLarge(WebTestClient.ResponseSpec response, long limit) {
        response.expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(413)
                .jsonPath("$.type")
                .isEqualTo("/problems/request-too-large")
                .jsonPath("$.detail")
                .value(d -> assertThat(d.toString()).contains("at most " + limit));
    }

    /** A JSON article whose body makes the whole document {@code size} bytes. */
    static String article(int size) {
        String head = "{\"title\":\"Warranty\",\"body\":\"";
        return head + "w".repeat(size - head.length() - 2) + "\"}";
    }

    /** A multipart body of one Markdown file, {@code size} bytes in all. */
    static byte[] multipart(String boundary, int size) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.md\"\r\n"
                + "Content-Type: text/markdown\r\n\r\n# Returns\n\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        byte[] text = new byte[size - head.length() - tail.length()];
        Arrays.fill(text, (byte) 'm');
        out.writeBytes(text);
        out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        assertThat(out.size()).isEqualTo(size);
        return out.toByteArray();
    }

    static MultiValueMap<String, HttpEntity<?>> markdownFiles(int files, int size) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        for (int i = 0; i < files; i++) {
            byte[] text = ("# Article " + i + "\n\n" + "m".repeat(size)).getBytes(StandardCharsets.UTF_8);
            String name = "article-" + i + ".md";
            parts.part("files", new ByteArrayResource(text) {
                        @Override
                        public String getFilename() {
                            return name;
                        }
                    })
                    .contentType(MediaType.parseMediaType("text/markdown"));
        }
        return parts.build();
    }
}
