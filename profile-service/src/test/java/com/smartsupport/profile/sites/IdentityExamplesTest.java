package com.smartsupport.profile.sites;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.profile.ProfileServiceTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The examples in docs/identity-verification.md sign tokens that this service accepts: they are run here. */
class IdentityExamplesTest extends ProfileServiceTestBase {
    static final Path EXAMPLES = Path.of("..", "docs", "examples");

    @Test
    void theShellAndJavaExamplesSignTokensThatSignTheCustomerIn() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> site = web.post()
                .uri("/api/admin/sites")
                .headers(h -> h.setBearerAuth(token(ADMIN)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Docs Shop", "allowedOrigins", List.of("https://docs.example")))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Map<String, String> env =
                Map.of("SITE_ID", (String) site.get("siteId"), "SITE_SECRET", (String) site.get("secret"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        String fromShell = run(
                env,
                "bash",
                EXAMPLES.resolve("identity-token.sh").toString(),
                "docs-42",
                "ada@docs.example",
                "Ada \"Quotes\" O'Brien",
                "de");
        String fromJava = run(
                env,
                java,
                EXAMPLES.resolve("IdentityToken.java").toString(),
                "docs-42",
                "ada@docs.example",
                "Ada \"Quotes\" O'Brien",
                "de");

        String subject = null;
        for (String token : List.of(fromShell, fromJava)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> session = web.post()
                    .uri("/api/auth/identity")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("identityToken", token))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(subject == null || subject.equals(session.get("subject")))
                    .as("the same customer")
                    .isTrue();
            subject = (String) session.get("subject");
            web.get()
                    .uri("/api/profiles/me")
                    .headers(h -> h.setBearerAuth((String) session.get("accessToken")))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.account.name")
                    .isEqualTo("Ada \"Quotes\" O'Brien")
                    .jsonPath("$.account.language")
                    .isEqualTo("de");
        }
    }

    private static String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("%s finished", command[1])
                .isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as("%s: %s", command[1], out).isZero();
        assertThat(Files.exists(Path.of(command[1]))).isTrue();
        assertThat(out).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        return out;
    }
}
