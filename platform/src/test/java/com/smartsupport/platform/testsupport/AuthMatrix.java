package com.smartsupport.platform.testsupport;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The authorisation matrix: every endpoint of a service, called as each kind of caller, must answer the expected
 * status. Rows are built per service; the five kinds of bad token are expected to get 401 on every protected
 * endpoint, and an {@link Who#ADMIN} 403 (an admin runs the support set-up: it is neither a customer nor an agent),
 * unless a row says otherwise.
 */
public final class AuthMatrix {

    public enum Who {
        OWNER,
        OTHER_CUSTOMER,
        AGENT,
        ADMIN,
        SERVICE,
        NO_TOKEN,
        EXPIRED,
        BAD_SIGNATURE,
        ALG_NONE,
        WRONG_ISSUER;

        public static final List<Who> BAD_TOKENS = List.of(NO_TOKEN, EXPIRED, BAD_SIGNATURE, ALG_NONE, WRONG_ISSUER);
    }

    /** One endpoint. {@code path} and {@code body} may be computed per caller, e.g. a fresh resource each call. */
    public record Row(HttpMethod method, Supplier<String> path, Supplier<String> body, Map<Who, Integer> expected) {}

    public static RowBuilder row(HttpMethod method, String path) {
        return new RowBuilder(method, () -> path);
    }

    public static RowBuilder row(HttpMethod method, Supplier<String> path) {
        return new RowBuilder(method, path);
    }

    public static final class RowBuilder {
        private final HttpMethod method;
        private final Supplier<String> path;
        private Supplier<String> body = () -> null;
        private final Map<Who, Integer> expected = new EnumMap<>(Who.class);

        private RowBuilder(HttpMethod method, Supplier<String> path) {
            this.method = method;
            this.path = path;
            Who.BAD_TOKENS.forEach(w -> expected.put(w, 401));
            expected.put(Who.ADMIN, 403);
        }

        public RowBuilder body(String json) {
            this.body = () -> json;
            return this;
        }

        public RowBuilder body(Supplier<String> json) {
            this.body = json;
            return this;
        }

        public RowBuilder expect(Who who, int status) {
            expected.put(who, status);
            return this;
        }

        public Row build() {
            return new Row(method, path, body, Map.copyOf(expected));
        }
    }

    /** One dynamic test per (endpoint, caller). {@code tokens} returns null for {@link Who#NO_TOKEN}. */
    public static List<DynamicTest> tests(WebTestClient web, List<Row> rows, Function<Who, String> tokens) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : rows) {
            row.expected().forEach((who, status) -> {
                String name = row.method() + " " + row.path().get() + " as " + who + " -> " + status;
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    try {
                        String token = tokens.apply(who);
                        WebTestClient.RequestBodySpec spec =
                                web.method(row.method()).uri(row.path().get());
                        if (token != null) {
                            spec.headers(h -> h.setBearerAuth(token));
                        }
                        String body = row.body().get();
                        WebTestClient.RequestHeadersSpec<?> request = body == null
                                ? spec
                                : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
                        // consume the body so the connection is released at once
                        request.exchange()
                                .expectStatus()
                                .isEqualTo(status)
                                .expectBody()
                                .returnResult();
                    } catch (Throwable e) {
                        throw new AssertionError(name + ": " + e.getMessage(), e);
                    }
                }));
            });
        }
        return tests;
    }
}
