package com.smartsupport.platform.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reactivestreams.Publisher;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.handler.AbstractUrlHandlerMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.UriUtils;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fuzzes every HTTP endpoint of a running service and checks that bad input only ever gets a 4xx problem detail.
 * <p>
 * The endpoints are read from the application context (every {@link RequestMappingInfoHandlerMapping}: controllers
 * and actuator; every {@link RouterFunctionMapping}; every URL handler mapping such as static resources), so a new
 * endpoint is fuzzed without anyone touching a test. Each endpoint is called, as each caller the test names (a
 * customer who owns the sample resource, another customer, an agent, a service, no token), with:
 * <ul>
 *     <li>path variables replaced by tricks: very long ids, encoded and raw traversal, NUL, CR/LF, invalid UTF-8,
 *     surrogate halves, RTL overrides, emoji, NoSQL operators, whitespace;</li>
 *     <li>query parameters of the wrong type, repeated, empty, oversized, with bad escapes;</li>
 *     <li>bodies: empty, {@code null}, {@code []}, scalars, truncated, trailing garbage, invalid UTF-8, 10k-deep
 *     nesting, duplicate keys, a byte-order mark, comments, and for every field of the {@code @RequestBody} type
 *     (found by reflection, nested records, lists and maps included) values of the wrong JSON type, huge, negative,
 *     NaN-ish, far-off dates, unicode edge cases, NoSQL operators and dotted map keys, 100 KB strings (and one at
 *     1 MB), 10k-element lists; wrong, invalid and missing Content-Types;</li>
 *     <li>wrong or invalid Content-Type and Accept headers, bad Authorization headers, oversized headers;</li>
 *     <li>methods the path does not map (PUT/DELETE/PATCH/OPTIONS/HEAD/TRACE/...).</li>
 * </ul>
 * Every answer must be below 500; a 4xx must be {@code application/problem+json} whose {@code status} equals the
 * HTTP status; no error may name a Java class or carry a stack trace, nor echo more than {@value #ECHO_LIMIT}
 * characters of one input. Requests that are not valid HTTP at all (raw bytes in the request line, lines and
 * headers over Netty's limits) may instead be refused by the HTTP layer with a bare 400/414/431. Event streams are
 * only checked for their status: they are never held open. Actuator keeps its own contract: a health report that
 * says DOWN is a 503, an unknown health group a bare 404. All failures are reported together, grouped by endpoint,
 * case and problem, and a summary (endpoints, requests per endpoint and per kind of case, statuses) is printed.
 * <p>
 * Callers that get past authorisation in the baseline request (neither 401 nor 403) get the per-field cases;
 * endpoints outside {@code /api} (actuator, API docs, static files: public) are fuzzed with one caller. Endpoints
 * that delete run last, so a test may let the owner erase itself.
 * <p>
 * Requests go through the test's {@link WebTestClient}; a request that {@link URI} cannot represent (a raw
 * backslash, a bad {@code %} escape, unencoded UTF-8) or that a client would normalise ({@code /../}) is written
 * byte for byte on a socket instead, so that the server sees exactly the trick.
 */
public final class EndpointFuzzer {
    /** The most characters of one input an error response may repeat (e.g. a long id in {@code instance}). */
    public static final int ECHO_LIMIT = 200;

    private static final int MAX_ERROR_BODY = 8 * 1024;
    private static final Map<Integer, String> LONG_VALUES = new ConcurrentHashMap<>();
    private static final List<String> LEAKS = List.of(
            "Exception",
            "\tat ",
            "at com.",
            "at java.",
            "at org.",
            "org.springframework",
            "tools.jackson",
            "com.fasterxml",
            "java.lang",
            "java.util",
            "reactor.core",
            "io.netty",
            "com.smartsupport",
            "Caused by");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PLACEHOLDER = "\u0001fuzz-placeholder\u0001";
    private static final List<String> SPARE_METHODS =
            List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "PROPFIND");

    /** One endpoint: a method (null: any) and a path pattern such as {@code /api/conversations/{id}/messages}. */
    public record Endpoint(
            String method,
            String pattern,
            List<QueryParam> queryParams,
            List<String> headerParams,
            Type bodyType,
            boolean bodyRequired,
            boolean eventStream,
            String source) {
        public String name() {
            return (method == null ? "ANY" : method) + " " + pattern;
        }
    }

    public record QueryParam(String name, Class<?> type, boolean required) {}

    /** What was sent: for custom checks. */
    public record Sent(String caller, String method, String target, String label, Endpoint endpoint) {}

    /** What came back: {@code status} -1 when nothing did ({@code error} says why). */
    public record Received(int status, HttpHeaders headers, String body, String error) {}

    private record Case(
            String caller,
            String token,
            String method,
            String target,
            List<String[]> headers,
            byte[] body,
            String contentType,
            String label,
            boolean raw,
            boolean transportMayReject,
            Endpoint endpoint,
            List<String> probes) {}

    /** The outcome of a run: what was found, how much was sent, what failed. */
    public static final class Report {
        private final String service;
        private final List<Endpoint> endpoints;
        private final Map<String, Integer> requestsPerEndpoint;
        private final Map<String, String> perCase;
        private final Map<String, List<String>> failures;
        private final int requests;
        private final Duration elapsed;
        private final int rawRequests;

        Report(
                String service,
                List<Endpoint> endpoints,
                Map<String, Integer> requestsPerEndpoint,
                Map<String, String> perCase,
                Map<String, List<String>> failures,
                int requests,
                int rawRequests,
                Duration elapsed) {
            this.perCase = perCase;
            this.service = service;
            this.endpoints = endpoints;
            this.requestsPerEndpoint = requestsPerEndpoint;
            this.failures = failures;
            this.requests = requests;
            this.rawRequests = rawRequests;
            this.elapsed = elapsed;
        }

        public List<Endpoint> endpoints() {
            return endpoints;
        }

        public int requests() {
            return requests;
        }

        public Duration elapsed() {
            return elapsed;
        }

        /** Failures grouped by endpoint, case and reason: one example each. */
        public Map<String, List<String>> failures() {
            return failures;
        }

        public String summary() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(
                    Locale.ROOT,
                    "EndpointFuzzer[%s]: %d endpoints, %d requests (%d raw) in %.1f s," + " %d failure kinds%n",
                    service,
                    endpoints.size(),
                    requests,
                    rawRequests,
                    elapsed.toMillis() / 1000.0,
                    failures.size()));
            requestsPerEndpoint.forEach((e, n) -> s.append(String.format(Locale.ROOT, "  %-62s %6d%n", e, n)));
            s.append("  by kind of case: ").append(perCase).append(System.lineSeparator());
            return s.toString();
        }

        /** One assertion with every failure. */
        public void assertNoFailures() {
            if (failures.isEmpty()) {
                return;
            }
            StringBuilder s = new StringBuilder();
            s.append(failures.size())
                    .append(" kinds of bad answer from ")
                    .append(service)
                    .append(" (each: endpoint | case | problem, then how many requests and one example):\n");
            failures.forEach((kind, examples) -> s.append("- ")
                    .append(kind)
                    .append("  x")
                    .append(examples.size())
                    .append("\n    e.g. ")
                    .append(examples.get(0))
                    .append('\n'));
            throw new AssertionError(s.toString());
        }
    }

    public static Builder forContext(ApplicationContext context, WebTestClient web) {
        return new Builder(context, web);
    }

    public static final class Builder {
        private final ApplicationContext context;
        private final WebTestClient web;
        private final Map<String, String> callers = new LinkedHashMap<>();
        private final Map<String, String> pathSamples = new LinkedHashMap<>();
        private final Map<String, String> sampleBodies = new LinkedHashMap<>();
        private final List<String> excluded = new ArrayList<>();
        private final List<Endpoint> extraEndpoints = new ArrayList<>();
        private final List<String> extraTargets = new ArrayList<>();
        private final List<BiFunction<Sent, Received, String>> checks = new ArrayList<>();
        private int threads = Integer.getInteger("fuzz.threads", 4);
        private String service = "service";
        private boolean discover = true;

        private Builder(ApplicationContext context, WebTestClient web) {
            this.context = context;
            this.web = web;
        }

        public Builder service(String name) {
            this.service = name;
            return this;
        }

        /** A kind of caller and its bearer token ({@code null}: no Authorization header). */
        public Builder caller(String name, String token) {
            callers.put(name, token);
            return this;
        }

        /** The value a path variable takes when it is not the one being fuzzed (e.g. a conversation the owner has). */
        public Builder pathVariable(String name, String sample) {
            pathSamples.put(name, sample);
            return this;
        }

        /**
         * The value a path variable takes for one endpoint ({@code "POST /api/escalations/{id}/close"}), e.g. a
         * resource of its own for an endpoint that ends it.
         */
        public Builder pathVariable(String methodAndPattern, String name, String sample) {
            pathSamples.put(methodAndPattern + " " + name, sample);
            return this;
        }

        /**
         * A well-formed body for an endpoint ({@code "POST /api/profiles"}), the base the per-field mutations start
         * from; without one a body is generated from the {@code @RequestBody} type.
         */
        public Builder sampleBody(String methodAndPattern, String json) {
            sampleBodies.put(methodAndPattern, json);
            return this;
        }

        /** Leaves endpoints whose pattern starts with this out (say why in the test). */
        public Builder exclude(String patternPrefix) {
            excluded.add(patternPrefix);
            return this;
        }

        /** An endpoint the context does not describe as a handler mapping (e.g. a gateway route); method null: any. */
        public Builder endpoint(String method, String pattern) {
            extraEndpoints.add(new Endpoint(method, pattern, List.of(), List.of(), null, false, false, "declared"));
            return this;
        }

        /** A raw request target (path and query, sent byte for byte) to send with GET and POST as every caller. */
        public Builder target(String rawTarget) {
            extraTargets.add(rawTarget);
            return this;
        }

        /**
         * How many cases are sent at once after each endpoint's baseline (default: the system property
         * {@code fuzz.threads}, else 4: the cases mostly wait on the server); 1 sends one after the other, in order.
         */
        public Builder threads(int threads) {
            this.threads = Math.max(1, threads);
            return this;
        }

        /** An extra check on every answer: returns a failure reason, or null. */
        public Builder check(BiFunction<Sent, Received, String> check) {
            checks.add(check);
            return this;
        }

        /** Whether endpoints are read from the context's handler mappings (default true). */
        public Builder discover(boolean discover) {
            this.discover = discover;
            return this;
        }

        public Report run() {
            return new EndpointFuzzer(this).run();
        }
    }

    private final Builder config;
    private final WebTestClient web;
    private final Integer port;
    private final Map<String, List<String>> failures = new TreeMap<>();
    private final Map<String, Integer> perEndpoint = new LinkedHashMap<>();
    private final Map<String, long[]> perCase = new TreeMap<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    /** The cases sent on {@link #senders} and not yet awaited; only the fuzzing thread touches the list. */
    private final List<Future<?>> pending = new ArrayList<>();

    private ExecutorService senders;
    private int requests;
    private int rawRequests;

    private EndpointFuzzer(Builder config) {
        this.config = config;
        this.web = config.web.mutate().responseTimeout(Duration.ofSeconds(20)).build();
        this.port = serverPort(config.context);
    }

    private static Integer serverPort(ApplicationContext context) {
        if (context instanceof WebServerApplicationContext server
                && server.getWebServer() != null
                && server.getWebServer().getPort() > 0) {
            return server.getWebServer().getPort();
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ discovery

    /** Every endpoint the context maps, controllers first, destructive (DELETE) ones last. */
    public static List<Endpoint> endpoints(ApplicationContext context) {
        Map<String, Endpoint> found = new LinkedHashMap<>();
        for (RequestMappingInfoHandlerMapping mapping :
                context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> e :
                    mapping.getHandlerMethods().entrySet()) {
                RequestMappingInfo info = e.getKey();
                HandlerMethod handler = e.getValue();
                List<QueryParam> params = new ArrayList<>();
                List<String> headers = new ArrayList<>();
                Type body = null;
                boolean bodyRequired = false;
                for (var p : handler.getMethodParameters()) {
                    RequestParam rp = p.getParameterAnnotation(RequestParam.class);
                    if (rp != null && !Map.class.isAssignableFrom(p.getParameterType())) {
                        String name = !rp.name().isEmpty()
                                ? rp.name()
                                : !rp.value().isEmpty() ? rp.value() : p.getParameterName();
                        boolean required = rp.required() && ValueConstants.DEFAULT_NONE.equals(rp.defaultValue());
                        params.add(new QueryParam(name, p.getParameterType(), required));
                    }
                    RequestHeader rh = p.getParameterAnnotation(RequestHeader.class);
                    if (rh != null && !Map.class.isAssignableFrom(p.getParameterType())) {
                        headers.add(
                                !rh.name().isEmpty()
                                        ? rh.name()
                                        : !rh.value().isEmpty() ? rh.value() : p.getParameterName());
                    }
                    RequestBody rb = p.getParameterAnnotation(RequestBody.class);
                    if (rb != null) {
                        body = unwrapPublisher(p.getGenericParameterType());
                        bodyRequired = rb.required();
                    }
                }
                boolean sse = info.getProducesCondition().getProducibleMediaTypes().stream()
                                .anyMatch(MediaType.TEXT_EVENT_STREAM::isCompatibleWith)
                        || handler.getMethod().getReturnType().getName().endsWith("Flux")
                                && handler.getMethod()
                                        .getGenericReturnType()
                                        .getTypeName()
                                        .contains("ServerSentEvent");
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                Set<PathPattern> patterns = info.getPatternsCondition().getPatterns();
                String source = handler.getBeanType().getSimpleName() + "."
                        + handler.getMethod().getName();
                for (PathPattern pattern : patterns) {
                    if (methods.isEmpty()) {
                        add(
                                found,
                                new Endpoint(
                                        null,
                                        pattern.getPatternString(),
                                        params,
                                        headers,
                                        body,
                                        bodyRequired,
                                        sse,
                                        source));
                    }
                    for (RequestMethod m : methods) {
                        add(
                                found,
                                new Endpoint(
                                        m.name(),
                                        pattern.getPatternString(),
                                        params,
                                        headers,
                                        body,
                                        bodyRequired,
                                        sse,
                                        source));
                    }
                }
            }
        }
        for (RouterFunctionMapping mapping :
                context.getBeansOfType(RouterFunctionMapping.class).values()) {
            RouterFunction<?> routes = mapping.getRouterFunction();
            if (routes != null) {
                routes.accept(new RouteCollector(found));
            }
        }
        for (AbstractUrlHandlerMapping mapping :
                context.getBeansOfType(AbstractUrlHandlerMapping.class).values()) {
            for (PathPattern pattern : mapping.getHandlerMap().keySet()) {
                add(
                        found,
                        new Endpoint(
                                "GET",
                                pattern.getPatternString(),
                                List.of(),
                                List.of(),
                                null,
                                false,
                                false,
                                mapping.getClass().getSimpleName()));
            }
        }
        List<Endpoint> list = new ArrayList<>(found.values());
        list.sort(Comparator.comparing((Endpoint e) -> "DELETE".equals(e.method()))
                .thenComparing(e -> !e.pattern().startsWith("/api/"))
                .thenComparing(Endpoint::pattern)
                .thenComparing(e -> String.valueOf(e.method())));
        return list;
    }

    private static void add(Map<String, Endpoint> found, Endpoint e) {
        found.putIfAbsent(e.name(), e);
    }

    private static Type unwrapPublisher(Type type) {
        if (type instanceof ParameterizedType p
                && p.getRawType() instanceof Class<?> raw
                && Publisher.class.isAssignableFrom(raw)) {
            return p.getActualTypeArguments()[0];
        }
        return type;
    }

    /** Functional routes: the methods and path patterns of each route's predicate. */
    private static final class RouteCollector implements RouterFunctions.Visitor {
        private final Map<String, Endpoint> found;
        private final List<String> prefixes = new ArrayList<>();

        RouteCollector(Map<String, Endpoint> found) {
            this.found = found;
        }

        @Override
        public void startNested(RequestPredicate predicate) {
            PredicateCollector c = new PredicateCollector();
            predicate.accept(c);
            prefixes.add(c.paths.isEmpty() ? "" : c.paths.get(0));
        }

        @Override
        public void endNested(RequestPredicate predicate) {
            prefixes.remove(prefixes.size() - 1);
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
            PredicateCollector c = new PredicateCollector();
            predicate.accept(c);
            String prefix = String.join("", prefixes);
            List<String> paths = c.paths.isEmpty() ? List.of("") : c.paths;
            for (String path : paths) {
                String pattern = (prefix + path).isEmpty() ? "/" : prefix + path;
                if (c.methods.isEmpty()) {
                    add(found, new Endpoint(null, pattern, List.of(), List.of(), null, false, false, "router"));
                }
                for (HttpMethod m : c.methods) {
                    add(found, new Endpoint(m.name(), pattern, List.of(), List.of(), null, false, false, "router"));
                }
            }
        }

        @Override
        public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {}

        @Override
        public void attributes(Map<String, Object> attributes) {}

        @Override
        public void unknown(RouterFunction<?> routerFunction) {}
    }

    private static final class PredicateCollector implements RequestPredicates.Visitor {
        final List<String> paths = new ArrayList<>();
        final Set<HttpMethod> methods = new LinkedHashSet<>();

        @Override
        public void method(Set<HttpMethod> m) {
            methods.addAll(m);
        }

        @Override
        public void path(String pattern) {
            paths.add(pattern);
        }

        @Override
        public void pathExtension(String extension) {}

        @Override
        public void header(String name, String value) {}

        @Override
        public void queryParam(String name, String value) {}

        @Override
        public void version(String version) {}

        @Override
        public void startAnd() {}

        @Override
        public void and() {}

        @Override
        public void endAnd() {}

        @Override
        public void startOr() {}

        @Override
        public void or() {}

        @Override
        public void endOr() {}

        @Override
        public void startNegate() {}

        @Override
        public void endNegate() {}

        @Override
        public void unknown(RequestPredicate predicate) {}
    }

    // ------------------------------------------------------------------------------------------ the run

    private Report run() {
        long start = System.nanoTime();
        List<Endpoint> endpoints = new ArrayList<>();
        if (config.discover) {
            endpoints.addAll(endpoints(config.context));
        }
        endpoints.addAll(config.extraEndpoints);
        endpoints.removeIf(e -> config.excluded.stream().anyMatch(e.pattern()::startsWith));
        if (config.callers.isEmpty()) {
            config.callers.put("no token", null);
        }

        // methods a pattern does not map, once per pattern
        Map<String, Set<String>> mappedMethods = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            mappedMethods
                    .computeIfAbsent(e.pattern(), p -> new LinkedHashSet<>())
                    .add(e.method() == null ? "*" : e.method());
        }
        int threads = config.threads;
        senders = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        try {
            for (Endpoint e : endpoints) {
                fuzz(e);
            }
            for (Map.Entry<String, Set<String>> pattern : mappedMethods.entrySet()) {
                Endpoint any = endpoints.stream()
                        .filter(e -> e.pattern().equals(pattern.getKey()))
                        .findFirst()
                        .get();
                if (pattern.getValue().contains("*")) {
                    continue;
                }
                for (String method : SPARE_METHODS) {
                    if (!pattern.getValue().contains(method)) {
                        forEachCaller(
                                any,
                                c -> submit(new Case(
                                        c,
                                        config.callers.get(c),
                                        method,
                                        path(any, null, null),
                                        List.of(),
                                        null,
                                        null,
                                        "unmapped method " + method,
                                        false,
                                        false,
                                        any,
                                        List.of())));
                    }
                }
            }
            for (String target : config.extraTargets) {
                Endpoint e = new Endpoint(null, target, List.of(), List.of(), null, false, false, "target");
                for (String method : List.of("GET", "POST")) {
                    forEachCaller(
                            e,
                            c -> submit(new Case(
                                    c,
                                    config.callers.get(c),
                                    method,
                                    target,
                                    List.of(),
                                    "POST".equals(method) ? "{}".getBytes(StandardCharsets.UTF_8) : null,
                                    "POST".equals(method) ? "application/json" : null,
                                    "target " + abbreviate(target, 60),
                                    true,
                                    !validTarget(target),
                                    e,
                                    probesOf(target))));
                }
            }
            awaitSent();
        } finally {
            if (senders != null) {
                senders.shutdownNow();
            }
        }
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("statuses", statuses.toString());
        perCase.forEach(
                (kind, n) -> cases.put(kind, String.format(Locale.ROOT, "%d requests, %.1f s", n[0], n[1] / 1e9)));
        Report report = new Report(
                config.service,
                endpoints,
                perEndpoint,
                cases,
                failures,
                requests,
                rawRequests,
                Duration.ofNanos(System.nanoTime() - start));
        System.out.print(report.summary());
        return report;
    }

    private void forEachCaller(Endpoint e, Consumer<String> action) {
        callersFor(e).forEach(action);
    }

    /**
     * Every caller for the API; for the rest (actuator, API docs, static files: public, the same for everyone) one
     * caller with a token, which keeps the run short (the baseline also goes without one).
     */
    private List<String> callersFor(Endpoint e) {
        if (e.pattern().startsWith("/api/") || e.pattern().equals("/api")) {
            return List.copyOf(config.callers.keySet());
        }
        return config.callers.entrySet().stream()
                .filter(c -> c.getValue() != null)
                .findFirst()
                .map(c -> List.of(c.getKey()))
                .orElse(List.copyOf(config.callers.keySet()));
    }

    private List<String> baselineCallers(Endpoint e) {
        Set<String> callers = new LinkedHashSet<>(callersFor(e));
        config.callers.entrySet().stream()
                .filter(c -> c.getValue() == null)
                .findFirst()
                .ifPresent(c -> callers.add(c.getKey()));
        return List.copyOf(callers);
    }

    private void fuzz(Endpoint e) {
        String method = e.method() == null ? "GET" : e.method();
        byte[] sample = sampleBody(e);
        String sampleType = sample == null ? null : "application/json";

        // the baseline tells who gets past authorisation: they get the deep, per-field cases
        List<String> authorised = new ArrayList<>();
        for (String caller : baselineCallers(e)) {
            Received r = send(new Case(
                    caller,
                    config.callers.get(caller),
                    method,
                    path(e, null, null),
                    List.of(),
                    sample,
                    sampleType,
                    "baseline",
                    false,
                    false,
                    e,
                    List.of()));
            if (config.callers.get(caller) != null && r.status() != 401 && r.status() != 403) {
                authorised.add(caller);
            }
        }
        String first = config.callers.entrySet().stream()
                .filter(c -> c.getValue() != null)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(config.callers.keySet().iterator().next());
        String deep = authorised.isEmpty() ? first : authorised.get(0);

        // path variables
        for (String variable : variables(e.pattern())) {
            for (PathTrick trick : PATH_TRICKS) {
                String target = path(e, variable, trick.encoded());
                boolean raw = trick.raw() || !representable(target);
                forEachCaller(
                        e,
                        c -> submit(new Case(
                                c,
                                config.callers.get(c),
                                method,
                                target,
                                List.of(),
                                sample,
                                sampleType,
                                "path {" + variable + "} = " + trick.label(),
                                raw,
                                !validTarget(target),
                                e,
                                probesOf(trick.encoded()))));
            }
            String over = longValue(9000);
            submit(new Case(
                    deep,
                    config.callers.get(deep),
                    method,
                    path(e, variable, over),
                    List.of(),
                    sample,
                    sampleType,
                    "path {" + variable + "} over the request-line limit",
                    true,
                    true,
                    e,
                    probesOf(over)));
        }

        // query parameters
        for (QueryTrick q : queryTricks(e)) {
            String target = path(e, null, null) + "?" + q.query();
            boolean raw = q.raw() || !representable(target);
            forEachCaller(
                    e,
                    c -> submit(new Case(
                            c,
                            config.callers.get(c),
                            method,
                            target,
                            List.of(),
                            sample,
                            sampleType,
                            "query " + q.label(),
                            raw,
                            !validTarget(target),
                            e,
                            probesOf(q.query()))));
        }

        // headers
        for (HeaderTrick h : headerTricks(e)) {
            String caller = h.replacesAuthorization() ? "(own Authorization)" : deep;
            String token = h.replacesAuthorization() ? null : config.callers.get(deep);
            submit(new Case(
                    caller,
                    token,
                    method,
                    path(e, null, null),
                    h.headers(),
                    sample,
                    sampleType,
                    "header " + h.label(),
                    h.raw(),
                    h.transport(),
                    e,
                    probesOf(h.headers().get(0)[1])));
        }

        // bodies
        if (e.bodyType() != null) {
            for (BodyTrick b : genericBodies(sample == null ? "{}".getBytes(StandardCharsets.UTF_8) : sample)) {
                forEachCaller(
                        e,
                        c -> submit(new Case(
                                c,
                                config.callers.get(c),
                                method,
                                path(e, null, null),
                                List.of(),
                                b.body(),
                                b.contentType(),
                                "body " + b.label(),
                                b.raw(),
                                false,
                                e,
                                List.of())));
            }
            JsonNode base = sample == null ? NODES.objectNode() : JSON.readTree(sample);
            List<Spot> spots = new ArrayList<>();
            spots(e.bodyType(), "", spots, 0);
            // one field at 1 MB (the codec refuses the body before any field matters), every string at 100 KB
            spots.stream()
                    .filter(spot -> spot.kind() == Kind.STRING)
                    .findFirst()
                    .ifPresent(spot -> {
                        String huge = "\"" + longValue(1 << 20) + "\"";
                        submit(new Case(
                                deep,
                                config.callers.get(deep),
                                method,
                                path(e, null, null),
                                List.of(),
                                mutate(base, spot.pointer(), huge),
                                "application/json",
                                "field " + spot.pointer() + " = 1 MB",
                                false,
                                false,
                                e,
                                probesOf(huge)));
                    });
            for (Spot spot : spots) {
                for (String mutation : mutations(spot)) {
                    byte[] body = mutate(base, spot.pointer(), mutation);
                    submit(new Case(
                            deep,
                            config.callers.get(deep),
                            method,
                            path(e, null, null),
                            List.of(),
                            body,
                            "application/json",
                            "field " + spot.pointer() + " = " + abbreviate(mutation, 40),
                            false,
                            false,
                            e,
                            probesOf(mutation)));
                }
            }
        } else if (!"GET".equals(method) && !"HEAD".equals(method) && !"OPTIONS".equals(method)) {
            // a body where none is expected is ignored, whatever it is
            for (BodyTrick b : List.of(
                    new BodyTrick(
                            "malformed JSON", "{\"a\":".getBytes(StandardCharsets.UTF_8), "application/json", false),
                    new BodyTrick(
                            "1 MB",
                            ("{\"a\":\"" + longValue(1 << 20) + "\"}").getBytes(StandardCharsets.UTF_8),
                            "application/json",
                            false))) {
                submit(new Case(
                        deep,
                        config.callers.get(deep),
                        method,
                        path(e, null, null),
                        List.of(),
                        b.body(),
                        b.contentType(),
                        "unexpected body " + b.label(),
                        false,
                        false,
                        e,
                        List.of()));
            }
        }
        awaitSent();
    }

    // ------------------------------------------------------------------------------------------ paths

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\*?)([^}:]+)(?::[^}]*)?}|\\*\\*|\\*");

    private static List<String> variables(String pattern) {
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(pattern);
        int wildcard = 0;
        while (m.find()) {
            names.add(m.group(2) != null ? m.group(2) : "*" + wildcard++);
        }
        return names;
    }

    /** The pattern with every variable at its sample, except {@code fuzzed} which is {@code value} (encoded). */
    private String path(Endpoint e, String fuzzed, String value) {
        Matcher m = VARIABLE.matcher(e.pattern());
        StringBuilder s = new StringBuilder();
        int wildcard = 0;
        while (m.find()) {
            String name = m.group(2) != null ? m.group(2) : "*" + wildcard++;
            String replacement = name.equals(fuzzed)
                    ? value
                    : encodeSegment(config.pathSamples.getOrDefault(
                            e.name() + " " + name, config.pathSamples.getOrDefault(name, "fuzz")));
            m.appendReplacement(s, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(s);
        return s.toString();
    }

    private static String encodeSegment(String value) {
        return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
    }

    private static String encodeQuery(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static final String TARGET_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + "-._~!$&'()*+,;=:@/?";

    /**
     * Whether this is a request target HTTP allows (RFC 9112 origin-form, within Netty's 4 KB request line): if not,
     * the HTTP layer may refuse it with a bare 400/414 before any application code runs.
     */
    static boolean validTarget(String target) {
        if (target.length() >= 4000 || !target.startsWith("/")) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%') {
                if (i + 2 >= target.length()
                        || Character.digit(target.charAt(i + 1), 16) < 0
                        || Character.digit(target.charAt(i + 2), 16) < 0) {
                    return false;
                }
                i += 2;
            } else if (TARGET_CHARS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the target survives {@link URI} untouched (and no client would normalise it). */
    private static boolean representable(String target) {
        if (target.contains("/../")
                || target.contains("/./")
                || target.endsWith("/..")
                || target.endsWith("/.")
                || target.contains("//")) {
            return false;
        }
        try {
            URI uri = URI.create("http://localhost" + target);
            return uri.getRawPath() != null
                    && (uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())).equals(target);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private record PathTrick(String label, String encoded, boolean raw) {}

    private static final List<PathTrick> PATH_TRICKS = List.of(
            new PathTrick("2,000 characters", longValue(2000), false),
            new PathTrick("empty-looking space", "%20", false),
            new PathTrick("padded", "%20fuzz%09", false),
            new PathTrick("encoded traversal", "..%2F..%2Factuator%2Fenv", false),
            new PathTrick("encoded dots", "%2e%2e", false),
            new PathTrick("double-encoded traversal", "%252e%252e%252fadmin", false),
            new PathTrick("dot-dot", "..", false),
            new PathTrick("dot", ".", false),
            new PathTrick("encoded backslash", "..%5C..%5Cactuator", false),
            new PathTrick("NUL", "fuzz%00.json", false),
            new PathTrick("CR LF", "fuzz%0D%0ASet-Cookie:%20a=b", false),
            new PathTrick("semicolon", "fuzz;jsessionid=1", false),
            new PathTrick("encoded semicolon", "fuzz%3Bx=1", false),
            new PathTrick("encoded percent", "%25", false),
            new PathTrick("plus", "a+b", false),
            new PathTrick("invalid UTF-8", "%C3%28%FF%FE", false),
            new PathTrick("overlong UTF-8 slash", "%C0%AF", false),
            new PathTrick("high surrogate half", "%ED%A0%80", false),
            new PathTrick("low surrogate half", "x%ED%B0%80x", false),
            new PathTrick("RTL override", encodeSegment("\u202Egnp.exe"), false),
            new PathTrick("emoji", encodeSegment("\uD83D\uDE00\uD83D\uDC4D\uD83C\uDFFD"), false),
            new PathTrick("zero-width and BOM", encodeSegment("\u200B\uFEFF"), false),
            new PathTrick("combining marks", encodeSegment("e\u0301\u0301\u0301\u0301"), false),
            new PathTrick("NoSQL operator object", encodeSegment("{\"$gt\":\"\"}"), false),
            new PathTrick("NoSQL $where", "$where", false),
            new PathTrick("regex", encodeSegment(".*"), false),
            new PathTrick("SQL", encodeSegment("' OR '1'='1"), false),
            new PathTrick("HTML", encodeSegment("<script>alert(1)</script>"), false),
            new PathTrick("JNDI", encodeSegment("${jndi:ldap://x/a}"), false),
            new PathTrick("huge number", "1e999999", false),
            new PathTrick("negative", "-1", false),
            new PathTrick("null", "null", false),
            new PathTrick("asterisk", "*", false),
            new PathTrick("raw backslash", "..\\..\\actuator", true),
            new PathTrick("bad escape", "%ZZ%", true),
            new PathTrick("raw UTF-8", "\u00e9\uD83D\uDE00", true),
            new PathTrick("raw space", "a b", true),
            new PathTrick("raw quote and braces", "\"{}|^`", true));

    // ------------------------------------------------------------------------------------------ queries

    private record QueryTrick(String label, String query, boolean raw) {}

    private static List<QueryTrick> queryTricks(Endpoint e) {
        List<QueryTrick> tricks = new ArrayList<>();
        for (QueryParam p : e.queryParams()) {
            String n = encodeQuery(p.name());
            List<String[]> values = new ArrayList<>();
            if (p.type().isEnum()) {
                Object first = p.type().getEnumConstants()[0];
                values.add(new String[] {"unknown constant", "NOPE"});
                values.add(new String[] {"other case", encodeQuery(swapCase(first.toString()))});
            } else if (p.type() != String.class) {
                values.add(new String[] {"letters", "abc"});
                values.add(new String[] {"huge", "1e999999"});
                values.add(new String[] {"too big", "99999999999999999999999999"});
                values.add(new String[] {"negative", "-1"});
            }
            values.add(new String[] {"empty", ""});
            values.add(new String[] {"NUL", "%00"});
            values.add(new String[] {"2,000 characters", longValue(2000)});
            values.add(new String[] {"NoSQL operator", encodeQuery("{\"$gt\":\"\"}")});
            values.add(new String[] {"invalid UTF-8", "%C3%28%ED%A0%80"});
            values.add(new String[] {"unicode", encodeQuery("\u202E\uD83D\uDE00e\u0301\u200B")});
            values.add(new String[] {"whitespace", "%20%09%0A"});
            for (String[] v : values) {
                tricks.add(new QueryTrick(p.name() + " " + v[0], n + "=" + v[1], false));
            }
            tricks.add(new QueryTrick(p.name() + " twice", n + "=a&" + n + "=b", false));
            tricks.add(new QueryTrick(p.name() + " as operator", n + "%5B%24ne%5D=x", false));
            tricks.add(new QueryTrick(p.name() + " bad escape", n + "=%ZZ", true));
            tricks.add(new QueryTrick(p.name() + " without value", n, false));
        }
        if (e.queryParams().size() > 1) {
            StringBuilder all = new StringBuilder();
            for (QueryParam p : e.queryParams()) {
                all.append(all.length() == 0 ? "" : "&")
                        .append(encodeQuery(p.name()))
                        .append("=x");
            }
            tricks.add(new QueryTrick("every parameter at once", all.toString(), false));
        }
        tricks.add(new QueryTrick("unknown parameter", "fuzz=1", false));
        tricks.add(new QueryTrick("NUL name", "%00=%00", false));
        tricks.add(new QueryTrick("3,000 characters", "a=" + longValue(3000), false));
        tricks.add(new QueryTrick("empty pairs", "&&=&a", false));
        tricks.add(new QueryTrick("bad escape", "a=%ZZ", true));
        return tricks;
    }

    private static String swapCase(String s) {
        return s.equals(s.toUpperCase(Locale.ROOT)) ? s.toLowerCase(Locale.ROOT) : s.toUpperCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------------------------------ headers

    private record HeaderTrick(
            String label,
            List<String[]> headers,
            boolean replacesAuthorization,
            boolean withToken,
            boolean raw,
            boolean transport) {
        // withToken: sent with the deep caller's token; otherwise the header replaces Authorization
    }

    private static List<HeaderTrick> headerTricks(Endpoint e) {
        List<HeaderTrick> tricks = new ArrayList<>();
        for (String[] auth : List.of(
                new String[] {"Bearer"},
                new String[] {"Bearer "},
                new String[] {"Bearer a.b.c"},
                new String[] {"Basic Zm9vOmJhcg=="},
                new String[] {"Bearer " + longValue(6000)},
                new String[] {"bearer   " + "x".repeat(40)})) {
            tricks.add(new HeaderTrick(
                    "Authorization: " + abbreviate(auth[0], 30),
                    List.<String[]>of(new String[] {"Authorization", auth[0]}),
                    true,
                    false,
                    false,
                    false));
        }
        tricks.add(new HeaderTrick(
                "Authorization with UTF-8 bytes",
                List.<String[]>of(new String[] {"Authorization", "Bearer \u00e9\uD83D\uDE00"}),
                true,
                false,
                true,
                true));
        tricks.add(new HeaderTrick(
                "header over the size limit",
                List.<String[]>of(new String[] {"X-Fuzz", longValue(20_000)}),
                false,
                true,
                true,
                true));
        for (String accept :
                List.of("image/png", "application/xml", ";;;", "text/event-stream", "application/json;q=abc")) {
            tricks.add(new HeaderTrick(
                    "Accept: " + accept,
                    List.<String[]>of(new String[] {"Accept", accept}),
                    false,
                    true,
                    !validMediaRange(accept),
                    false));
        }
        for (String header : e.headerParams()) {
            for (String[] v : List.of(
                    new String[] {"empty", ""},
                    new String[] {"2,000 characters", longValue(2000)},
                    new String[] {"NoSQL operator", "{\"$gt\":\"\"}"},
                    new String[] {"unicode", "\u00e9\u202E"})) {
                tricks.add(new HeaderTrick(
                        header + " " + v[0],
                        List.<String[]>of(new String[] {header, v[1]}),
                        false,
                        true,
                        !v[1].chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f),
                        false));
            }
        }
        return tricks;
    }

    private static boolean validMediaRange(String s) {
        try {
            MediaType.parseMediaTypes(s);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------ bodies

    private record BodyTrick(String label, byte[] body, String contentType, boolean raw) {}

    private byte[] sampleBody(Endpoint e) {
        if (e.bodyType() == null) {
            return null;
        }
        String given = config.sampleBodies.get(e.method() + " " + e.pattern());
        if (given != null) {
            return given.getBytes(StandardCharsets.UTF_8);
        }
        return JSON.writeValueAsBytes(generate(e.bodyType(), "", 0));
    }

    private static List<BodyTrick> genericBodies(byte[] sample) {
        String json = new String(sample, StandardCharsets.UTF_8);
        String type = "application/json";
        List<BodyTrick> b = new ArrayList<>();
        b.add(new BodyTrick("empty", new byte[0], type, false));
        for (String s : List.of("null", "[]", "{}", "\"text\"", "42", "true", "-0", "1e999999")) {
            b.add(new BodyTrick(s, s.getBytes(StandardCharsets.UTF_8), type, false));
        }
        b.add(new BodyTrick(
                "truncated",
                json.substring(0, Math.max(1, json.length() / 2)).getBytes(StandardCharsets.UTF_8),
                type,
                false));
        b.add(new BodyTrick("trailing garbage", (json + " garbage").getBytes(StandardCharsets.UTF_8), type, false));
        b.add(new BodyTrick("two documents", (json + json).getBytes(StandardCharsets.UTF_8), type, false));
        b.add(new BodyTrick("array of the body", ("[" + json + "]").getBytes(StandardCharsets.UTF_8), type, false));
        b.add(new BodyTrick("byte-order mark", ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8), type, false));
        b.add(new BodyTrick("comments", ("/* c */" + json + "// c").getBytes(StandardCharsets.UTF_8), type, false));
        b.add(new BodyTrick("single quotes", json.replace('"', '\'').getBytes(StandardCharsets.UTF_8), type, false));
        b.add(new BodyTrick("unquoted keys", "{a:1}".getBytes(StandardCharsets.UTF_8), type, false));
        b.add(new BodyTrick("NaN", "{\"a\":NaN}".getBytes(StandardCharsets.UTF_8), type, false));
        b.add(new BodyTrick("duplicate keys", duplicateFirstKey(json).getBytes(StandardCharsets.UTF_8), type, false));
        b.add(new BodyTrick(
                "unknown field",
                json.startsWith("{") && json.length() > 2
                        ? ("{\"fuzzUnknown\":1," + json.substring(1)).getBytes(StandardCharsets.UTF_8)
                        : "{\"fuzzUnknown\":1}".getBytes(StandardCharsets.UTF_8),
                type,
                false));
        b.add(new BodyTrick(
                "10k-deep arrays",
                ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8),
                type,
                false));
        b.add(new BodyTrick(
                "10k-deep objects",
                ("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)).getBytes(StandardCharsets.UTF_8),
                type,
                false));
        b.add(new BodyTrick(
                "2,000-digit number",
                ("{\"a\":" + "9".repeat(2000) + "}").getBytes(StandardCharsets.UTF_8),
                type,
                false));
        b.add(new BodyTrick(
                "1 MB unknown field",
                ("{\"fuzz\":\"" + longValue(1 << 20) + "\"}").getBytes(StandardCharsets.UTF_8),
                type,
                false));
        b.add(new BodyTrick(
                "invalid UTF-8", withBytes(json, new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}), type, false));
        b.add(new BodyTrick(
                "surrogate half as UTF-8 bytes",
                withBytes(json, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                type,
                false));
        b.add(new BodyTrick("overlong UTF-8", withBytes(json, new byte[] {(byte) 0xC0, (byte) 0xAF}), type, false));
        b.add(new BodyTrick(
                "UTF-16 declared", json.getBytes(StandardCharsets.UTF_16), type + ";charset=UTF-16", false));
        b.add(new BodyTrick("UTF-8 declared as Latin-1", sample, type + ";charset=ISO-8859-1", false));
        b.add(new BodyTrick("text/plain", sample, "text/plain", false));
        b.add(new BodyTrick(
                "application/xml", "<a><b>1</b></a>".getBytes(StandardCharsets.UTF_8), "application/xml", false));
        b.add(new BodyTrick(
                "form", "a=1&b=2".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded", false));
        b.add(new BodyTrick(
                "multipart without parts",
                "--x--\r\n".getBytes(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=x",
                false));
        b.add(new BodyTrick("octet-stream", sample, "application/octet-stream", false));
        b.add(new BodyTrick("JSON patch type", sample, "application/json-patch+json", false));
        b.add(new BodyTrick("no Content-Type", sample, null, true));
        b.add(new BodyTrick("unknown charset", sample, "application/json; charset=nope", true));
        b.add(new BodyTrick("invalid Content-Type", sample, "not a media type;;", true));
        b.add(new BodyTrick("wildcard Content-Type", sample, "*/*", true));
        return b;
    }

    private static String duplicateFirstKey(String json) {
        Matcher m = Pattern.compile("^\\{\"([^\"]+)\":").matcher(json);
        return m.find() ? "{\"" + m.group(1) + "\":null," + json.substring(1) : json;
    }

    /** The JSON with its first string value's content replaced by raw (invalid) bytes. */
    private static byte[] withBytes(String json, byte[] bad) {
        int quote = json.indexOf(":\"");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (quote < 0) {
            byte[] open = "{\"a\":\"".getBytes(StandardCharsets.UTF_8);
            out.write(open, 0, open.length);
            out.write(bad, 0, bad.length);
            out.write('"');
            out.write('}');
            return out.toByteArray();
        }
        byte[] head = json.substring(0, quote + 2).getBytes(StandardCharsets.UTF_8);
        byte[] tail = json.substring(quote + 2).getBytes(StandardCharsets.UTF_8);
        out.write(head, 0, head.length);
        out.write(bad, 0, bad.length);
        out.write(tail, 0, tail.length);
        return out.toByteArray();
    }

    // ------------------------------------------------------------------------------------------ body fields

    enum Kind {
        STRING,
        INTEGER,
        DECIMAL,
        BOOLEAN,
        ENUM,
        DATE,
        INSTANT,
        LIST,
        MAP,
        OBJECT,
        ANY
    }

    private record Spot(String pointer, Kind kind, Type type) {}

    /** Every field of the body type (and of nested records, first list element, a map value), as JSON pointers. */
    private static void spots(Type type, String pointer, List<Spot> out, int depth) {
        Class<?> raw = rawClass(type);
        if (depth > 6 || raw == null) {
            return;
        }
        Kind kind = kindOf(raw);
        if (!pointer.isEmpty()) {
            out.add(new Spot(pointer, kind, type));
        }
        switch (kind) {
            case OBJECT -> {
                for (Map.Entry<String, Type> f : properties(raw).entrySet()) {
                    spots(f.getValue(), pointer + "/" + f.getKey(), out, depth + 1);
                }
            }
            case LIST -> spots(typeArgument(type, 0), pointer + "/0", out, depth + 1);
            case MAP -> spots(typeArgument(type, 1), pointer + "/k", out, depth + 1);
            default -> {}
        }
    }

    private static Kind kindOf(Class<?> raw) {
        if (raw == String.class
                || raw == CharSequence.class
                || raw == UUID.class
                || raw == Character.class
                || raw == char.class
                || raw == URI.class) {
            return Kind.STRING;
        }
        if (raw == int.class
                || raw == long.class
                || raw == short.class
                || raw == byte.class
                || raw == Integer.class
                || raw == Long.class
                || raw == Short.class
                || raw == Byte.class
                || raw == BigInteger.class) {
            return Kind.INTEGER;
        }
        if (raw == double.class
                || raw == float.class
                || raw == Double.class
                || raw == Float.class
                || raw == BigDecimal.class
                || raw == Number.class) {
            return Kind.DECIMAL;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Kind.BOOLEAN;
        }
        if (raw.isEnum()) {
            return Kind.ENUM;
        }
        if (raw == LocalDate.class) {
            return Kind.DATE;
        }
        if (raw == Instant.class
                || raw == LocalDateTime.class
                || raw == OffsetDateTime.class
                || raw == ZonedDateTime.class
                || raw == Duration.class) {
            return Kind.INSTANT;
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            return Kind.LIST;
        }
        if (Map.class.isAssignableFrom(raw)) {
            return Kind.MAP;
        }
        if (raw == Object.class
                || JsonNode.class.isAssignableFrom(raw)
                || raw.getName().startsWith("java.")) {
            return Kind.ANY;
        }
        return Kind.OBJECT;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return rawClass(p.getRawType());
        }
        if (type instanceof WildcardType w) {
            return rawClass(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof Class<?> c && c.isArray()) {
            return c.getComponentType();
        }
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    /** JSON property names and types: record components, else non-static fields. */
    private static Map<String, Type> properties(Class<?> raw) {
        Map<String, Type> props = new LinkedHashMap<>();
        if (raw.isRecord()) {
            for (RecordComponent c : raw.getRecordComponents()) {
                props.put(
                        jsonName(c.getName(), c.getAnnotations(), fieldAnnotations(raw, c.getName())),
                        c.getGenericType());
            }
        } else {
            for (Class<?> k = raw; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                        props.putIfAbsent(
                                jsonName(f.getName(), f.getAnnotations(), new Annotation[0]), f.getGenericType());
                    }
                }
            }
        }
        return props;
    }

    private static Annotation[] fieldAnnotations(Class<?> raw, String name) {
        try {
            return raw.getDeclaredField(name).getAnnotations();
        } catch (NoSuchFieldException e) {
            return new Annotation[0];
        }
    }

    private static String jsonName(String name, Annotation[]... annotations) {
        for (Annotation[] list : annotations) {
            for (Annotation a : list) {
                if (a.annotationType().getSimpleName().equals("JsonProperty")) {
                    try {
                        Object value = a.annotationType().getMethod("value").invoke(a);
                        if (value instanceof String s && !s.isEmpty()) {
                            return s;
                        }
                    } catch (ReflectiveOperationException ignored) {
                        // the field name then
                    }
                }
            }
        }
        return name;
    }

    /** A plausible value of the type (the base when the test gives no sample body). */
    private static JsonNode generate(Type type, String name, int depth) {
        Class<?> raw = rawClass(type);
        Kind kind = kindOf(raw);
        String lower = name.toLowerCase(Locale.ROOT);
        return switch (kind) {
            case STRING ->
                NODES.stringNode(
                        lower.contains("email")
                                ? "fuzz." + UUID.randomUUID() + "@example.com"
                                : raw == UUID.class ? UUID.randomUUID().toString() : "fuzz");
            case INTEGER -> NODES.numberNode(1);
            case DECIMAL -> NODES.numberNode(new BigDecimal("1.5"));
            case BOOLEAN -> NODES.booleanNode(true);
            case ENUM -> NODES.stringNode(raw.getEnumConstants()[0].toString());
            case DATE -> NODES.stringNode("2024-01-15");
            case INSTANT -> NODES.stringNode("2024-01-15T10:00:00Z");
            case LIST -> {
                ArrayNode a = NODES.arrayNode();
                if (depth < 5) {
                    a.add(generate(typeArgument(type, 0), name, depth + 1));
                }
                yield a;
            }
            case MAP -> {
                ObjectNode o = NODES.objectNode();
                if (depth < 5) {
                    o.set("k", generate(typeArgument(type, 1), name, depth + 1));
                }
                yield o;
            }
            case OBJECT -> {
                ObjectNode o = NODES.objectNode();
                if (depth < 5) {
                    properties(raw).forEach((k, t) -> o.set(k, generate(t, k, depth + 1)));
                }
                yield o;
            }
            case ANY -> NODES.objectNode();
        };
    }

    /** Raw JSON values to put in a field of this kind: wrong types, edge values, unicode, oversize. */
    private static List<String> mutations(Spot spot) {
        List<String> m = new ArrayList<>(List.of("null", "{}", "[]", "\"fuzz\"", "42", "true", "{\"$gt\":\"\"}"));
        switch (spot.kind()) {
            case STRING ->
                m.addAll(List.of(
                        "\"\"",
                        "\"   \"",
                        "\"\\u0000\"",
                        "\"\\ud800\"",
                        "\"x\\udc00x\"",
                        "\"\\u202egnp.exe\"",
                        "\"\uD83D\uDE00\uD83D\uDC4D\uD83C\uDFFD\"",
                        "\"e\\u0301\\u0301\\u200b\"",
                        "\"<script>alert(1)</script>\"",
                        "\"${jndi:ldap://x/a}\"",
                        "\"$where\"",
                        "-1",
                        "1e999",
                        "\"" + longValue(100_000) + "\""));
            case INTEGER, DECIMAL ->
                m.addAll(List.of(
                        "\"1\"",
                        "\"abc\"",
                        "1.5",
                        "-1",
                        "0",
                        "1e999",
                        "-1e999",
                        "1e-999",
                        "99999999999999999999999999999",
                        "-99999999999999999999999999999",
                        "NaN",
                        "Infinity",
                        "\"NaN\"",
                        "\"-Infinity\"",
                        "9".repeat(2000)));
            case BOOLEAN -> m.addAll(List.of("\"true\"", "1", "\"yes\""));
            case ENUM -> {
                Object first = rawClass(spot.type()).getEnumConstants()[0];
                m.addAll(List.of(
                        "\"NOPE\"", "\"" + swapCase(first.toString()) + "\"", "\"\"", "0", "\" " + first + " \""));
            }
            case DATE, INSTANT ->
                m.addAll(List.of(
                        "\"not-a-date\"",
                        "\"2024-13-45\"",
                        "\"2024-02-30\"",
                        "\"+999999999-12-31\"",
                        "\"-999999999-01-01\"",
                        "0",
                        "1e20",
                        "-1",
                        "\"\""));
            case LIST ->
                m.addAll(List.of(
                        "[null]",
                        "[[]]",
                        "[{}]",
                        "\"x\"",
                        "[" + String.join(",", Collections.nCopies(10_000, "\"x\"")) + "]"));
            case MAP ->
                m.addAll(List.of(
                        "{\"\":\"x\"}",
                        "{\"a.b\":\"x\"}",
                        "{\"$set\":\"x\"}",
                        "{\"k\":null}",
                        "{\"k\":{}}",
                        "{\"\\u0000\":\"x\"}"));
            case OBJECT, ANY -> m.add("\"" + longValue(100_000) + "\"");
        }
        return m;
    }

    /** The base body with the node at {@code pointer} set to the raw JSON text {@code value}. */
    private static byte[] mutate(JsonNode base, String pointer, String value) {
        JsonNode copy = base.deepCopy();
        if (!(copy instanceof ObjectNode)) {
            copy = NODES.objectNode();
        }
        String[] parts = pointer.substring(1).split("/");
        JsonNode node = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            node = child(node, parts[i], parts[i + 1].matches("\\d+"));
        }
        String last = parts[parts.length - 1];
        if (node instanceof ArrayNode a) {
            int index = Integer.parseInt(last);
            while (a.size() <= index) {
                a.addNull();
            }
            a.set(index, NODES.stringNode(PLACEHOLDER));
        } else {
            ((ObjectNode) node).put(last, PLACEHOLDER);
        }
        String json = JSON.writeValueAsString(copy);
        String quoted = JSON.writeValueAsString(PLACEHOLDER);
        return json.replace(quoted, value).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode child(JsonNode node, String key, boolean nextIsIndex) {
        if (node instanceof ArrayNode a) {
            int index = Integer.parseInt(key);
            while (a.size() <= index) {
                a.addNull();
            }
            JsonNode c = a.get(index);
            if (c == null || !c.isContainer()) {
                c = nextIsIndex ? NODES.arrayNode() : NODES.objectNode();
                a.set(index, c);
            }
            return c;
        }
        ObjectNode o = (ObjectNode) node;
        JsonNode c = o.get(key);
        if (c == null || !c.isContainer() || (nextIsIndex != c.isArray())) {
            c = nextIsIndex ? NODES.arrayNode() : NODES.objectNode();
            o.set(key, c);
        }
        return c;
    }

    // ------------------------------------------------------------------------------------------ sending

    private Received send(Case c) {
        long started = System.nanoTime();
        try {
            return doSend(c);
        } finally {
            long took = System.nanoTime() - started;
            synchronized (this) {
                long[] n = perCase.computeIfAbsent(c.label().split(" ")[0], k -> new long[2]);
                n[0]++;
                n[1] += took;
            }
        }
    }

    /**
     * Sends a case on one of the {@code threads} senders (the cases after an endpoint's baseline are independent:
     * bad input that must be refused); {@link #awaitSent} waits for them before the next endpoint.
     */
    private void submit(Case c) {
        if (senders == null) {
            send(c);
        } else {
            pending.add(senders.submit(() -> send(c)));
        }
    }

    private void awaitSent() {
        try {
            for (Future<?> f : pending) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pending.clear();
        }
    }

    private Received doSend(Case c) {
        if (c.raw() && port == null) {
            return new Received(-1, new HttpHeaders(), "", "not sent: no running server");
        }
        synchronized (this) {
            requests++;
            rawRequests += c.raw() ? 1 : 0;
            perEndpoint.merge(c.endpoint().name(), 1, Integer::sum);
        }
        Received r = c.raw() ? sendRaw(c) : sendWithClient(c);
        synchronized (this) {
            statuses.merge(r.status(), 1, Integer::sum);
        }
        check(c, r);
        return r;
    }

    private Received sendWithClient(Case c) {
        try {
            String base = port != null ? "http://127.0.0.1:" + port : "";
            WebTestClient.RequestBodySpec spec =
                    web.method(HttpMethod.valueOf(c.method())).uri(URI.create(base + c.target()));
            spec.headers(h -> {
                if (c.token() != null) {
                    h.setBearerAuth(c.token());
                }
                for (String[] header : c.headers()) {
                    h.add(header[0], header[1]);
                }
            });
            WebTestClient.RequestHeadersSpec<?> request = spec;
            if (c.body() != null) {
                if (c.contentType() != null) {
                    spec.header(HttpHeaders.CONTENT_TYPE, c.contentType());
                }
                request = spec.bodyValue(c.body());
            }
            FluxExchangeResult<byte[]> result = request.exchange().returnResult(byte[].class);
            MediaType type = result.getResponseHeaders().getContentType();
            boolean stream = type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type);
            List<byte[]> chunks = stream
                    ? result.getResponseBody()
                            .take(Duration.ofMillis(500))
                            .take(1)
                            .collectList()
                            .block(Duration.ofSeconds(5))
                    : result.getResponseBody().collectList().block(Duration.ofSeconds(20));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunks != null) {
                chunks.forEach(b -> body.write(b, 0, b.length));
            }
            return new Received(
                    result.getStatus().value(),
                    result.getResponseHeaders(),
                    body.toString(StandardCharsets.UTF_8),
                    null);
        } catch (Throwable e) {
            return new Received(-1, new HttpHeaders(), "", "no answer: " + e);
        }
    }

    /** HTTP/1.1 written byte for byte, {@code Connection: close}; reads the answer (an event stream: headers only). */
    private Received sendRaw(Case c) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(20_000);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            StringBuilder h = new StringBuilder();
            h.append(c.method()).append(' ').append(c.target()).append(" HTTP/1.1\r\n");
            h.append("Host: 127.0.0.1:").append(port).append("\r\n");
            if (c.token() != null) {
                h.append("Authorization: Bearer ").append(c.token()).append("\r\n");
            }
            for (String[] header : c.headers()) {
                h.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
            if (c.body() != null) {
                if (c.contentType() != null) {
                    h.append("Content-Type: ").append(c.contentType()).append("\r\n");
                }
                h.append("Content-Length: ").append(c.body().length).append("\r\n");
            }
            h.append("Connection: close\r\n\r\n");
            byte[] bytes = h.toString().getBytes(StandardCharsets.UTF_8);
            head.write(bytes, 0, bytes.length);
            OutputStream out = socket.getOutputStream();
            out.write(head.toByteArray());
            if (c.body() != null) {
                out.write(c.body());
            }
            out.flush();
            return readResponse(socket.getInputStream());
        } catch (IOException e) {
            return new Received(-1, new HttpHeaders(), "", "no answer: " + e);
        }
    }

    private static Received readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) != -1) {
            headBytes.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
        }
        String head = headBytes.toString(StandardCharsets.ISO_8859_1);
        if (head.isEmpty()) {
            return new Received(-1, new HttpHeaders(), "", "no answer: connection closed without a response");
        }
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        HttpHeaders headers = new HttpHeaders();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(
                        lines[i].substring(0, colon).trim(),
                        lines[i].substring(colon + 1).trim());
            }
        }
        MediaType type = null;
        try {
            type = headers.getContentType();
        } catch (RuntimeException ignored) {
            // reported by the checks
        }
        if (type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type)) {
            return new Received(status, headers, "", null);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.getFirst(HttpHeaders.TRANSFER_ENCODING))) {
            while (true) {
                String size = readLine(in);
                if (size == null) {
                    break;
                }
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    break;
                }
                body.write(in.readNBytes(n));
                readLine(in);
            }
        } else if (headers.getContentLength() >= 0) {
            body.write(in.readNBytes((int) headers.getContentLength()));
        } else {
            body.write(in.readAllBytes());
        }
        return new Received(status, headers, body.toString(StandardCharsets.UTF_8), null);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    // ------------------------------------------------------------------------------------------ checks

    private void check(Case c, Received r) {
        String reason = verdict(c, r);
        Sent sent = new Sent(c.caller(), c.method(), c.target(), c.label(), c.endpoint());
        for (BiFunction<Sent, Received, String> extra : config.checks) {
            if (reason == null) {
                reason = extra.apply(sent, r);
            }
        }
        if (reason != null) {
            String kind = c.endpoint().name() + " | " + c.label() + " | " + reason;
            String example = c.caller() + " " + c.method() + " "
                    + abbreviate(c.target(), 120) + " -> " + r.status() + " " + contentType(r) + " "
                    + abbreviate(r.body().replaceAll("\\s+", " "), 300);
            synchronized (this) {
                failures.computeIfAbsent(kind, k -> new ArrayList<>()).add(example);
            }
        }
    }

    private static String verdict(Case c, Received r) {
        if (r.error() != null) {
            return r.error().split("\n")[0];
        }
        int status = r.status();
        boolean actuator = c.target().startsWith("/actuator");
        if (actuator
                && status == 503
                && c.target().startsWith("/actuator/health")
                && String.valueOf(r.headers().getFirst(HttpHeaders.CONTENT_TYPE))
                        .startsWith("application/vnd.spring-boot.actuator")) {
            return null; // a health report saying DOWN: its contract, whatever was sent
        }
        if (status >= 500) {
            return "server error " + status;
        }
        if (c.transportMayReject()
                && (status == 400 || status == 414 || status == 431)
                && r.body().isEmpty()) {
            return null; // refused by the HTTP layer: not a valid HTTP request, or over its size limits
        }
        if (status < 400) {
            return null;
        }
        if (!"HEAD".equals(c.method()) && !(actuator && r.body().isEmpty())) {
            // (actuator keeps its own contract for a health group or endpoint that does not exist: a bare 404)
            MediaType type;
            try {
                type = r.headers().getContentType();
            } catch (RuntimeException e) {
                return "unreadable Content-Type " + r.headers().getFirst(HttpHeaders.CONTENT_TYPE);
            }
            if (type == null || !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type)) {
                return "not a problem detail (Content-Type " + type + ")";
            }
            JsonNode problem;
            try {
                problem = JSON.readTree(r.body());
            } catch (RuntimeException e) {
                return "problem body is not JSON";
            }
            if (problem == null || !problem.isObject()) {
                return "problem body is not a JSON object";
            }
            if (!problem.path("status").isInt() || problem.path("status").intValue() != status) {
                return "problem status " + problem.path("status") + " differs from HTTP " + status;
            }
            if (!problem.path("type").isString()) {
                return "problem without a type";
            }
        }
        for (String leak : LEAKS) {
            if (r.body().contains(leak)) {
                return "error body reveals internals (" + leak.strip() + ")";
            }
        }
        if (r.body().length() > MAX_ERROR_BODY) {
            return "error body of " + r.body().length() + " characters";
        }
        for (String probe : c.probes()) {
            if (r.body().contains(probe)) {
                return "error body echoes more than " + ECHO_LIMIT + " characters of the input";
            }
        }
        return null;
    }

    private static String contentType(Received r) {
        String type = r.headers().getFirst(HttpHeaders.CONTENT_TYPE);
        return type == null ? "(no Content-Type)" : type;
    }

    /** Prefixes of long inputs: an error body containing one echoes more than {@link #ECHO_LIMIT} characters. */
    private static List<String> probesOf(String input) {
        if (input == null || input.length() <= ECHO_LIMIT) {
            return List.of();
        }
        int at = input.indexOf(LONG_SEED);
        if (at < 0) {
            return List.of();
        }
        return List.of(input.substring(at, at + Math.min(ECHO_LIMIT + 1, input.length() - at)));
    }

    private static final String LONG_SEED = "long-input-";

    /** A long, URL-safe, non-repeating-looking text: {@code long-input-0000001-0000002-...}. */
    static String longValue(int length) {
        return LONG_VALUES.computeIfAbsent(length, EndpointFuzzer::makeLongValue);
    }

    private static String makeLongValue(int length) {
        StringBuilder s = new StringBuilder(length + 16).append(LONG_SEED);
        for (int i = 0; s.length() < length; i++) {
            s.append(String.format(Locale.ROOT, "%07d-", i));
        }
        return s.substring(0, length);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }
}
