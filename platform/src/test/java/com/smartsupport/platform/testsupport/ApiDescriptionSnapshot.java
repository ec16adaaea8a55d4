package com.smartsupport.platform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service's OpenAPI description ({@code /v3/api-docs}) against its committed snapshot,
 * {@code docs/openapi/<service>.json}, which the web client's types are generated from. Keys are sorted and the
 * server's address left out, so that the file changes only when the API does. With {@code -Dopenapi.update=true}
 * the snapshot is rewritten instead of compared.
 */
public final class ApiDescriptionSnapshot {
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ApiDescriptionSnapshot() {}

    public static void verify(WebTestClient web, String service) {
        // the first request builds the description: slow on a loaded machine
        String served = web.mutate()
                .responseTimeout(Duration.ofMinutes(1))
                .build()
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        String actual = normalised(served);
        Path file = Path.of("..", "docs", "openapi", service + ".json");
        if (Boolean.getBoolean("openapi.update")) {
            write(file, actual);
            return;
        }
        String expected = Files.isRegularFile(file) ? read(file) : "";
        assertThat(actual)
                .as(
                        "%s's API description differs from docs/openapi/%s.json. If the change is meant, refresh the"
                                + " snapshot (mvn -pl %s test -Dtest=OpenApiDescriptionTest -Dopenapi.update=true)"
                                + " and the web client's types (npm run gen:api in gateway-service/web), and commit both",
                        service, service, service)
                .isEqualTo(expected);
    }

    /** Pretty-printed, keys in alphabetical order, without {@code servers} (the test's random port). */
    static String normalised(String description) {
        Map<String, Object> tree = sorted(JSON.readValue(description, Map.class));
        tree.remove("servers");
        return JSON.writeValueAsString(tree) + "\n";
    }

    @SuppressWarnings("unchecked")
    private static <T> T sorted(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> result = new TreeMap<>();
            map.forEach((key, value) -> result.put((String) key, sorted(value)));
            return (T) result;
        }
        if (node instanceof List<?> list) {
            return (T) list.stream().map(ApiDescriptionSnapshot::sorted).toList();
        }
        return (T) node;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
