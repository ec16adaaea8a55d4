package com.smartsupport.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The platform's own cost, measured on the running system ({@code ./bench}; not part of {@code ./test}, and it
 * asserts no speed: it prints figures). {@code ./run} starts everything as separate processes; simulated customers
 * and agents talk to it over loopback through the gateway; the model is a fake OpenAI-compatible server whose speed
 * is set with {@code -Dbench.model.ttft-ms} (time to first token), {@code -Dbench.model.chunks} and
 * {@code -Dbench.model.chunk-ms}. Each figure is printed as a {@code [bench]} line and all of them as one table at
 * the end; record them in docs/benchmarks.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformBench {
    static final int OFFSET = Integer.getInteger("bench.port-offset", 3000);
    static final long MODEL_TTFT_MS = Long.getLong("bench.model.ttft-ms", 200);
    static final int MODEL_CHUNKS = Integer.getInteger("bench.model.chunks", 20);
    static final long MODEL_CHUNK_MS = Long.getLong("bench.model.chunk-ms", 10);
    static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 15));
    /** ClosedLoop.Load before anything is measured: the services' JIT compilers are busy for a minute after a start. */
    static final long THINK_MS = Long.getLong("bench.think-ms", 2000);

    static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warm-up-seconds", 120));
    static final List<String> CUSTOMERS =
            List.of("carlos.diaz@example.com", "amira.haddad@example.com", "olivia.bennett@example.com");

    static final String PROFILER = System.getProperty("bench.async-profiler");
    /** A pause after each hand-off of the hand-off phase (0: back to back, which saturates this machine). */
    static final Duration HANDOFF_THINK = Duration.ofMillis(Long.getLong("bench.handoff-think-ms", 0));

    static FakeModelServer model;
    static LocalRun stack;
    static StackProbe probe;
    static final Map<String, String> tokens = new HashMap<>();
    static final Map<String, String> table = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        model = new FakeModelServer(MODEL_TTFT_MS, MODEL_CHUNKS, MODEL_CHUNK_MS);
        Map<String, String> env = new HashMap<>(Map.of(
                "OPENAI_API_KEY", "bench-key",
                "OPENAI_BASE_URL", model.baseUrl(),
                // ./run's own JVM settings (the tests' C1-only setting would understate throughput)
                "JAVA_OPTS",
                        System.getProperty("bench.java-opts", "-Xmx512m -XX:+UseSerialGC -XX:+UseCompactObjectHeaders"),
                "SMART_INFRA_JAVA_OPTS",
                        System.getProperty("bench.java-opts", "-Xmx512m -XX:+UseSerialGC -XX:+UseCompactObjectHeaders"),
                // the figures are of a warmed-up system; a first run after the bench's build would be recording the
                // AOT cache meanwhile (start-up with and without it: docs/benchmarks.md)
                "SMART_AOT_CACHE", "false",
                "SMART_MESSAGES_PER_MINUTE", "100000000",
                "SMART_MESSAGE_BURST", "100000000"));
        // -Dbench.env=NAME=value,NAME=value: settings of the system under test (README's environment variables)
        for (String pair : System.getProperty("bench.env", "").split(",")) {
            if (pair.contains("=")) {
                env.put(
                        pair.substring(0, pair.indexOf('=')).trim(),
                        pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        stack = LocalRun.start(OFFSET, env);
        probe = new StackProbe(stack);
        for (String email : CUSTOMERS) {
            tokens.put(email, stack.login(email));
        }
        warmUp();
        String jfr = System.getProperty("bench.jfr");
        if (jfr != null) { // a flight recording of every process while the bench runs, for finding where time goes
            Files.createDirectories(Path.of(jfr));
            for (String s : StackProbe.SERVICES) {
                probe.jcmd(
                        s,
                        "JFR.start",
                        "name=bench",
                        "settings=profile",
                        "filename=" + Path.of(jfr, s + ".jfr").toAbsolutePath());
            }
        }
        if (PROFILER != null) { // async-profiler (its libasyncProfiler.so): CPU of every thread, JIT and GC included
            for (String s : StackProbe.SERVICES) {
                String event = System.getProperty("bench.profile-event", "cpu"); // or alloc, lock, wall
                probe.jcmd(
                        s,
                        "JVMTI.agent_load",
                        PROFILER,
                        "\"start,event=" + event + (event.equals("cpu") ? ",interval=1ms" : "") + ",threads\"");
            }
        }
        record(
                "machine",
                Runtime.getRuntime().availableProcessors() + " cores, "
                        + (StackProbe.totalMemoryKb() / 1024 / 1024) + " GiB; Java "
                        + System.getProperty("java.version")
                        + "; fake model: first token after " + MODEL_TTFT_MS + " ms, " + MODEL_CHUNKS + " chunks "
                        + MODEL_CHUNK_MS + " ms apart");
    }

    @AfterAll
    static void stop() throws Exception {
        System.out.println();
        System.out.println("[bench] ===== results =====");
        table.forEach((k, v) -> System.out.printf("[bench] %-44s %s%n", k, v));
        if (stack != null) {
            if (PROFILER != null) {
                Path dir = Path.of(System.getProperty("bench.profile-dir", "target/bench-profiles"));
                Files.createDirectories(dir);
                for (String s : StackProbe.SERVICES) {
                    probe.jcmd(
                            s,
                            "JVMTI.agent_load",
                            PROFILER,
                            "\"stop,collapsed,threads,file="
                                    + dir.resolve(s + ".collapsed").toAbsolutePath() + "\"");
                }
            }
            if (System.getProperty("bench.jfr") != null) {
                for (String s : StackProbe.SERVICES) {
                    probe.jcmd(s, "JFR.stop", "name=bench");
                }
            }
            stack.close();
        }
        if (model != null) {
            model.close();
        }
    }

    /** Customers chat and the gateway, profile and intake paths are exercised, untimed. */
    static void warmUp() throws Exception {
        List<BenchCustomer> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(BenchCustomer.open(stack, probe, tokens.get(CUSTOMERS.get(i % CUSTOMERS.size()))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(all.size());
        long end = System.nanoTime() + WARM_UP.toNanos();
        List<Future<?>> work = new ArrayList<>();
        for (BenchCustomer c : all) {
            work.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    c.ask("Warming up: where is my order?");
                    stack.get(c.token, "/api/profiles/me");
                }
                return null;
            }));
        }
        // hand-offs too, paced (about 8/s): every phase is measured on compiled code, and a hand-off phase on a
        // cold path spent 38 % of escalation-service's CPU in the JIT (async-profiler; CHANGELOG.md)
        ExecutorService handoffs = Executors.newFixedThreadPool(2);
        for (int t = 0; t < 2; t++) {
            String token = tokens.get(CUSTOMERS.get(t));
            work.add(handoffs.submit(() -> {
                while (System.nanoTime() < end) {
                    String conversation = LocalRun.JSON
                            .readTree(stack.send(token, "POST", "/api/conversations", "", Map.of())
                                    .body())
                            .get("conversationId")
                            .asString();
                    stack.send(
                            token,
                            "POST",
                            "/api/conversations/" + conversation + "/escalate",
                            "{\"reason\":\"warm-up\"}",
                            Map.of());
                    Thread.sleep(250);
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get(WARM_UP.toSeconds() + 180, TimeUnit.SECONDS);
        }
        pool.shutdown();
        handoffs.shutdown();
        all.forEach(BenchCustomer::close);
        record(
                "warm-up",
                WARM_UP.toSeconds() + " s of 50 customers chatting and 2 handing off (8/s) before the"
                        + " first figure");
    }

    // --- gateway -----------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void gatewayOverhead() throws Exception {
        String token = tokens.get(CUSTOMERS.get(0));
        String direct = "http://127.0.0.1:" + (8081 + OFFSET) + "/api/profiles/me";
        String viaGateway = stack.gateway + "/api/profiles/me";
        ClosedLoop.run(16, Duration.ofSeconds(3), () -> get(direct, token)); // warm-up
        ClosedLoop.run(16, Duration.ofSeconds(3), () -> get(viaGateway, token));
        ClosedLoop.Load d = ClosedLoop.run(16, RUN, () -> get(direct, token));
        ClosedLoop.Load g = ClosedLoop.run(16, RUN, () -> get(viaGateway, token));
        record("gateway: GET /api/profiles/me direct, 16 conns", d.summary());
        record("gateway: the same through the gateway", g.summary());
        record(
                "gateway: added latency p50 / p99",
                String.format("%.2f ms / %.2f ms", g.p(50) - d.p(50), g.p(99) - d.p(99)));
    }

    boolean get(String url, String token) throws Exception {
        HttpResponse<String> r = stack.http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200;
    }

    // --- Kafka -------------------------------------------------------------------------------------------------------

    @Test
    @Order(2)
    void kafkaProduceToConsumeLatency() throws Exception {
        String topic = "bench.latency." + UUID.randomUUID();
        Properties common = new Properties();
        common.put("bootstrap.servers", stack.kafkaBootstrap());
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.putAll(common);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "0");
        Properties c = new Properties();
        c.putAll(common);
        Latencies latencies = new Latencies();
        int count = 5000;
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
                var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            Thread sender = new Thread(() -> {
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>(topic, "k", Long.toString(System.nanoTime())));
                    sleepQuietly(1); // about 1,000 records a second: latency, not throughput
                }
                producer.flush();
            });
            sender.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (latencies.count() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    latencies.add(System.nanoTime() - Long.parseLong(r.value()));
                }
            }
            sender.join();
        }
        record(
                "kafka: produce→consume, 1 partition, acks=all",
                String.format(
                        "%d records, p50 %.2f ms, p99 %.2f ms", latencies.count(), latencies.p(50), latencies.p(99)));
    }

    // --- prompt size -------------------------------------------------------------------------------------------------

    @Test
    @Order(3)
    void promptTokensAgainstProfileSizeAndConversationLength() throws Exception {
        Map<String, String> profiles = new LinkedHashMap<>();
        profiles.put("no purchases", "jonas.becker@example.com");
        profiles.put("typical (Carlos)", "carlos.diaz@example.com");
        profiles.put("120 purchases, 15 cases", "liam.oconnor@example.com");
        StringBuilder byProfile = new StringBuilder();
        for (var e : profiles.entrySet()) {
            String token = stack.login(e.getValue());
            BenchCustomer c = BenchCustomer.open(stack, probe, token);
            byProfile
                    .append(e.getKey())
                    .append(": ")
                    .append(c.promptTokensOf("Where is my latest order?"))
                    .append("; ");
            c.close();
        }
        record("prompt tokens by profile (first message)", byProfile.toString());

        BenchCustomer c = BenchCustomer.open(stack, probe, tokens.get(CUSTOMERS.get(0)));
        StringBuilder byLength = new StringBuilder();
        for (int turn = 1; turn <= 40; turn++) {
            long t = c.promptTokensOf("Message " + turn + ": can you tell me more about my order and my warranty?");
            if (turn == 1 || turn == 5 || turn == 10 || turn == 20 || turn == 40) {
                byLength.append("turn ").append(turn).append(": ").append(t).append("; ");
            }
        }
        c.close();
        record("prompt tokens by conversation length", byLength + "(cap " + 3000 + ")");
    }

    // --- time to first token and throughput --------------------------------------------------------------------------

    @Test
    @Order(4)
    void timeToFirstTokenOverheadAndThroughput() throws Exception {
        for (int customers : Arrays.stream(
                        System.getProperty("bench.customers", "1,50,200").split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray()) {
            chat(customers, 0, customers + " customer(s)");
        }
        // the same 50 customers, each asking again 2 s after an answer (as people do): the load stays below what
        // the machine can answer, so the overhead is the platform's path rather than a queue
        chat(50, THINK_MS, "50 customers, " + THINK_MS + " ms between messages");
    }

    /** Customers each asking, waiting for the answer, pausing {@code thinkMs}, asking again, for one phase. */
    void chat(int customers, long thinkMs, String label) throws Exception {
        List<BenchCustomer> all = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            all.add(BenchCustomer.open(stack, probe, tokens.get(CUSTOMERS.get(i % CUSTOMERS.size()))));
        }
        Map<String, long[]> cpuBefore = probe.cpu();
        double jitBefore = probe.jitMs();
        model.resetTimes();
        Latencies overhead = new Latencies();
        AtomicInteger completed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(customers);
        long start = System.nanoTime();
        long end = start + RUN.toNanos();
        List<Future<?>> work = new ArrayList<>();
        for (BenchCustomer c : all) {
            // paced customers start spread over one pause, as people do, not all in the same millisecond
            long offset = thinkMs > 0 ? ThreadLocalRandom.current().nextLong(thinkMs) : 0;
            work.add(pool.submit(() -> {
                Thread.sleep(offset);
                while (System.nanoTime() < end) {
                    BenchCustomer.Reply r = c.ask("Where is my order? I would like an update please.");
                    if (r == null) {
                        continue;
                    }
                    overhead.add(r.firstTokenNanos() - TimeUnit.MILLISECONDS.toNanos(MODEL_TTFT_MS));
                    completed.incrementAndGet();
                    if (thinkMs > 0) {
                        Thread.sleep(thinkMs);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get(RUN.toSeconds() + 180, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Map<String, long[]> cpuAfter = probe.cpu();
        double jit = probe.jitMs() - jitBefore;
        all.forEach(BenchCustomer::close);
        record(
                "TTFT overhead, " + label,
                String.format(
                        "p50 %.1f ms, p99 %.1f ms (%d replies;"
                                + " the model's own first chunk p50 %.1f ms, p99 %.1f ms)",
                        overhead.p(50),
                        overhead.p(99),
                        overhead.count(),
                        model.firstChunkMs(50),
                        model.firstChunkMs(99)));
        record(
                "replies/s, " + label,
                String.format(
                        "%.1f completed replies/s; %.1f ms of"
                                + " CPU per reply (services, broker, MongoDB); JIT compilers busy %.1f s of the %.0f s; %s",
                        completed.get() / seconds,
                        probe.cpuMsPer(cpuBefore, cpuAfter, completed.get()),
                        jit / 1000,
                        seconds,
                        probe.usage(cpuBefore, cpuAfter, seconds)));
    }

    // --- fallback ----------------------------------------------------------------------------------------------------

    @Test
    @Order(5)
    void fallbackLatencyWithTheModelHangingAndDown() throws Exception {
        try {
            // hanging: the model accepts the request and never answers; the first-token timeout decides
            model.mode(FakeModelServer.Mode.HANG);
            Latencies hanging = parallelReplies(4);
            record(
                    "fallback, model hanging (4 at once)",
                    String.format("p50 %.0f ms, p99 %.0f ms", hanging.p(50), hanging.p(99)));

            // down: every call a 503; the circuit opens, then replies fall back without calling the model
            model.mode(FakeModelServer.Mode.FAIL);
            for (int i = 0; i < 12; i++) {
                parallelReplies(1); // trips the breaker (20 calls with retries)
            }
            Latencies open = new Latencies();
            for (int i = 0; i < 40; i++) {
                open.addAll(parallelReplies(1));
            }
            record(
                    "fallback, model down, circuit open",
                    String.format(
                            "p50 %.0f ms, p99 %.0f ms (end to end:" + " customer's post to completed reply)",
                            open.p(50), open.p(99)));
        } finally {
            model.mode(FakeModelServer.Mode.STREAM);
        }
    }

    /** n customers ask at once; the time from each post to its completed (fallback) reply. */
    Latencies parallelReplies(int n) throws Exception {
        List<BenchCustomer> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cs.add(BenchCustomer.open(stack, probe, tokens.get(CUSTOMERS.get(i % CUSTOMERS.size()))));
        }
        Latencies l = new Latencies();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (BenchCustomer c : cs) {
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    BenchCustomer.Reply r = c.ask("Is my order delayed?");
                    if (r != null) {
                        l.add(r.completedNanos());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
        cs.forEach(BenchCustomer::close);
        return l;
    }

    // --- hand-off ----------------------------------------------------------------------------------------------------

    @Test
    @Order(6)
    void handoffToTheAgentsStream() throws Exception {
        String agent = stack.login("agent.lee@example.com");
        Map<String, BlockingQueue<Long>> arrivals = new ConcurrentHashMap<>();
        SseStream console = new SseStream(stack.http, agent, stack.gateway + "/api/escalations/events", e -> {
            if (e.name().equals("case.queued")) {
                String conversation =
                        LocalRun.JSON.readTree(e.data()).get("conversationId").asString();
                arrivals.computeIfAbsent(conversation, k -> new LinkedBlockingQueue<>())
                        .add(e.nanos());
            }
        });
        // where the time goes: when the request and the queued announcement reach the broker, seen by a consumer
        Map<String, Long> requested = new ConcurrentHashMap<>();
        Map<String, Long> queued = new ConcurrentHashMap<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> watchHandoffs(requested, queued, watching), "bench-handoff-watch");
        watcher.start();
        // the conversations to hand off, opened beforehand: the figure is about the hand-off, not about opening
        int perWorker = (int) Math.max(50, RUN.toSeconds() * 20);
        List<List<String[]>> opened = new ArrayList<>();
        ExecutorService openers = Executors.newFixedThreadPool(8);
        List<Future<List<String[]>>> opening = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String token = tokens.get(CUSTOMERS.get(t % CUSTOMERS.size()));
            opening.add(openers.submit(() -> {
                List<String[]> mine = new ArrayList<>();
                for (int i = 0; i < perWorker; i++) {
                    mine.add(new String[] {
                        token,
                        LocalRun.JSON
                                .readTree(stack.send(token, "POST", "/api/conversations", "", Map.of())
                                        .body())
                                .get("conversationId")
                                .asString()
                    });
                }
                return mine;
            }));
        }
        for (Future<List<String[]>> f : opening) {
            opened.add(f.get(5, TimeUnit.MINUTES));
        }
        openers.shutdown();
        Thread.sleep(2000); // the watcher is assigned and at the end of both topics
        Map<String, long[]> cpuBefore = probe.cpu();
        long started = System.nanoTime();
        Latencies total = new Latencies();
        Latencies post = new Latencies();
        Latencies toBroker = new Latencies();
        Latencies toQueued = new Latencies();
        Latencies toAgent = new Latencies();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long end = System.nanoTime() + RUN.toNanos();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int worker = t;
            work.add(pool.submit(() -> {
                for (String[] next : opened.get(worker)) {
                    if (System.nanoTime() >= end) {
                        break;
                    }
                    String token = next[0];
                    String conversation = next[1];
                    BlockingQueue<Long> q = arrivals.computeIfAbsent(conversation, k -> new LinkedBlockingQueue<>());
                    long t0 = System.nanoTime();
                    int status = stack.send(
                                    token,
                                    "POST",
                                    "/api/conversations/" + conversation + "/escalate",
                                    "{\"reason\":\"bench\"}",
                                    Map.of())
                            .statusCode();
                    post.add(System.nanoTime() - t0);
                    assertThat(status).isEqualTo(202);
                    Long at = q.poll(30, TimeUnit.SECONDS);
                    if (HANDOFF_THINK.isPositive()) {
                        Thread.sleep(HANDOFF_THINK); // paced: latency below saturation, not a closed loop's queueing
                    }
                    if (at != null) {
                        total.add(at - t0);
                        Long r = requested.get(conversation);
                        Long qd = queued.get(conversation);
                        if (r != null && qd != null) {
                            toBroker.add(r - t0);
                            toQueued.add(qd - r);
                            toAgent.add(at - qd);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get(RUN.toSeconds() + 60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Map<String, long[]> cpuAfter = probe.cpu();
        double seconds = (System.nanoTime() - started) / 1e9;
        watching.set(false);
        watcher.join(5000);
        console.close();
        record(
                "hand-off: escalate → agent's stream, 8 at once"
                        + (HANDOFF_THINK.isPositive()
                                ? ", each pausing " + HANDOFF_THINK.toMillis() + " ms after its hand-off"
                                : ""),
                String.format("p50 %.1f ms, p99 %.1f ms (%d hand-offs)", total.p(50), total.p(99), total.count()));
        record(
                "hand-off: where the time goes (p50 / p99)",
                String.format(
                        "POST answered %.1f / %.1f ms; request on"
                                + " the broker %.1f / %.1f ms; queued (escalation-service) %.1f / %.1f ms after that; on the"
                                + " agent's stream %.1f / %.1f ms after that",
                        post.p(50),
                        post.p(99),
                        toBroker.p(50),
                        toBroker.p(99),
                        toQueued.p(50),
                        toQueued.p(99),
                        toAgent.p(50),
                        toAgent.p(99)));
        record(
                "hand-off: load",
                String.format(
                        "%.1f hand-offs/s; %s", total.count() / seconds, probe.usage(cpuBefore, cpuAfter, seconds)));
    }

    /** Records when each conversation's hand-off request and its queued announcement first reach the broker. */
    void watchHandoffs(Map<String, Long> requested, Map<String, Long> queued, AtomicBoolean watching) {
        Properties c = new Properties();
        c.put("bootstrap.servers", stack.kafkaBootstrap());
        c.put("fetch.max.wait.ms", "5");
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (String topic : List.of("handoff.requests", "handoff.assignments")) {
                consumer.partitionsFor(topic).forEach(p -> all.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(all);
            consumer.seekToEnd(all);
            all.forEach(consumer::position);
            while (watching.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    if (r.topic().equals("handoff.requests")) {
                        requested.putIfAbsent(r.key(), now);
                    } else if (r.value().contains("\"type\":\"handoff.queued\"")) {
                        queued.putIfAbsent(r.key(), now);
                    }
                }
            }
        }
    }

    // --- message intake ----------------------------------------------------------------------------------------------

    @Test
    @Order(8)
    void messageIntake() throws Exception {
        // 64 open conversations, four per connection taken in turn: replies to one conversation come one after
        // another, so the answers can keep up with at most as many messages at a time as there are conversations
        List<String[]> conversations = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String token = tokens.get(CUSTOMERS.get(i % CUSTOMERS.size()));
            conversations.add(new String[] {
                token,
                LocalRun.JSON
                        .readTree(stack.send(token, "POST", "/api/conversations", "", Map.of())
                                .body())
                        .get("conversationId")
                        .asString()
            });
        }
        AtomicInteger connections = new AtomicInteger();
        ThreadLocal<int[]> turn = ThreadLocal.withInitial(() -> new int[] {connections.getAndIncrement() % 16, 0});
        ClosedLoop.Call post = () -> {
            int[] t = turn.get();
            String[] c = conversations.get(t[0] + 16 * (t[1]++ % 4));
            return stack.send(
                                    c[0],
                                    "POST",
                                    "/api/conversations/" + c[1] + "/messages",
                                    "{\"text\":\"Intake benchmark message\"}",
                                    Map.of())
                            .statusCode()
                    == 202;
        };

        // every accepted message is answered while more arrive: llm-service and the stream of replies share the
        // two cores with the intake
        double answeredBefore = probe.metric("llm-service", "smart_llm_replies_total");
        ClosedLoop.Load busy = ClosedLoop.run(16, RUN, post);
        record("message intake through the gateway, 16 conns", busy.summary() + "; answering at the same time");
        awaitAnswered(answeredBefore + busy.ok(), Duration.ofMinutes(5));

        // the intake path alone, as in a burst the answers cannot keep up with: llm-service is paused (SIGSTOP), the
        // messages wait in Kafka, then it resumes and answers the backlog
        answeredBefore = probe.metric("llm-service", "smart_llm_replies_total");
        stack.signal("llm-service", "STOP");
        ClosedLoop.Load alone;
        Map<String, long[]> cpuBefore = probe.cpu();
        Map<String, long[]> cpuAfter;
        try {
            alone = ClosedLoop.run(16, RUN, post);
            cpuAfter = probe.cpu();
        } finally {
            stack.signal("llm-service", "CONT");
        }
        long resumed = System.nanoTime();
        double answered = awaitAnswered(answeredBefore + alone.ok(), Duration.ofMinutes(10)) - answeredBefore;
        double drain = (System.nanoTime() - resumed) / 1e9;
        record(
                "message intake, answering paused, 16 conns",
                alone.summary()
                        + String.format(
                                "; %.1f ms CPU per" + " message; %s",
                                probe.cpuMsPer(cpuBefore, cpuAfter, alone.ok()),
                                probe.usage(cpuBefore, cpuAfter, alone.seconds())));
        record(
                "backlog answered after the pause",
                String.format("%.0f of %d in %.1f s: %.1f replies/s", answered, alone.ok(), drain, answered / drain));
    }

    /** Waits until llm-service has completed this many replies in all (or the timeout); returns the count. */
    double awaitAnswered(double total, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        double now;
        while ((now = probe.metric("llm-service", "smart_llm_replies_total")) < total && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        return now;
    }

    // --- SSE scale ---------------------------------------------------------------------------------------------------

    @Test
    @Order(7)
    void idleStreamMemory() throws Exception {
        String token = tokens.get(CUSTOMERS.get(0));
        String conversation = LocalRun.JSON
                .readTree(stack.send(token, "POST", "/api/conversations", "", Map.of())
                        .body())
                .get("conversationId")
                .asString();
        var client = HttpClient.newBuilder().build();
        List<CompletableFuture<HttpResponse<Void>>> open = new ArrayList<>();
        long baseConversation = probe.heapAfterGc("conversation-service");
        long baseGateway = probe.heapAfterGc("gateway-service");
        Map<String, Long> histogramConversation = probe.histogram("conversation-service");
        Map<String, Long> histogramGateway = probe.histogram("gateway-service");
        int opened = 0;
        int streams = 0;
        for (int target : List.of(1000, 5000)) {
            while (opened < target) {
                open.add(client.sendAsync(
                        HttpRequest.newBuilder(
                                        URI.create(stack.gateway + "/api/conversations/" + conversation + "/events"))
                                .header("Authorization", "Bearer " + token)
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.discarding()));
                opened++;
                if (opened % 200 == 0) {
                    Thread.sleep(200);
                }
            }
            int held = awaitStreams(target);
            streams = held;
            long conversationHeap = probe.heapAfterGc("conversation-service") - baseConversation;
            long gatewayHeap = probe.heapAfterGc("gateway-service") - baseGateway;
            record(
                    "idle SSE streams: " + target,
                    String.format(
                            "%d open on conversation-service; heap per stream:"
                                    + " conversation-service %.1f KB, gateway %.1f KB",
                            held, conversationHeap / 1024.0 / held, gatewayHeap / 1024.0 / held));
        }
        // what a stream's heap is made of: the classes that grew most, in bytes per stream
        record(
                "idle SSE stream heap by class, conversation-service",
                probe.topGrowth(histogramConversation, probe.histogram("conversation-service"), streams));
        record(
                "idle SSE stream heap by class, gateway",
                probe.topGrowth(histogramGateway, probe.histogram("gateway-service"), streams));
    }

    /** A histogram's class name, short: {@code [B} as byte[], {@code [Ljava.lang.Object;} as Object[]. */
    int awaitStreams(int target) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int held = 0;
        while (System.nanoTime() < deadline) {
            held = (int) probe.metric("conversation-service", "smart_sse_streams_active");
            if (held >= target) {
                break;
            }
            Thread.sleep(500);
        }
        return held;
    }

    /** {@code threads} callers, each calling again as soon as its call returns, for {@code duration}. */
    static void record(String what, String figure) {
        table.put(what, figure);
        System.out.printf("[bench] %s: %s%n", what, figure);
    }

    static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
