package com.smartsupport.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./run} as a test fixture: starts the whole system (real Kafka broker, embedded MongoDB-wire server, the
 * five services as separate processes) at a port offset in a data folder of its own, finds its processes to kill
 * or pause them, and talks to it over HTTP as a client would.
 */
final class LocalRun implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path ROOT = Path.of(System.getProperty("smart.repo.root", "../.."))
            .toAbsolutePath()
            .normalize();

    final int offset;
    final Path dataDir;
    final String gateway;
    final HttpClient http;
    private final Path output;
    private final Process run;

    private LocalRun(int offset, Path dataDir, Process run, Path output) {
        this.offset = offset;
        this.dataDir = dataDir;
        this.run = run;
        this.output = output;
        this.gateway = "http://127.0.0.1:" + (8080 + offset);
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(8))
                .build();
    }

    /** Starts {@code ./run} (no build) with these extra environment variables and waits until it reports up. */
    static LocalRun start(int offset, Map<String, String> extraEnv) throws Exception {
        Path dataDir = Files.createTempDirectory("smart-run");
        Path output = dataDir.resolve("run.out");
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("run").toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        env.keySet()
                .removeIf(k -> k.startsWith("SPRING_")
                        || k.startsWith("KAFKA_")
                        || k.startsWith("OPENAI_")
                        || k.startsWith("SMART_"));
        env.put("SMART_DATA_DIR", dataDir.toString());
        env.put("SMART_PORT_OFFSET", Integer.toString(offset));
        env.put("SMART_SKIP_BUILD", "1");
        env.put("JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        env.putAll(extraEnv);
        LocalRun stack = new LocalRun(offset, dataDir, pb.start(), output);
        stack.awaitTrue(
                Duration.ofSeconds(300),
                () -> stack.output().contains("SMART Support is running at") || !stack.run.isAlive(),
                "./run did not report the system up");
        assertThat(stack.run.isAlive())
                .as("./run exited early:\n%s", stack.output())
                .isTrue();
        return stack;
    }

    /**
     * How long a clean stop may take: the first stop after a build also writes each service's AOT cache (about a
     * minute on two cores; ./run waits up to 180 s for it).
     */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(200);

    /** SIGTERM, as Ctrl-C or a process manager would; the exit status of ./run, or -1 if it had not stopped in time. */
    int stop(Duration timeout) throws InterruptedException {
        run.destroy();
        return run.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? run.exitValue() : -1;
    }

    /** Stops {@code ./run} with SIGTERM, as Ctrl-C would, and makes sure nothing of it is left. */
    @Override
    public void close() throws Exception {
        try {
            if (run.isAlive()) {
                run.destroy();
                run.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
    }

    // --- processes -----------------------------------------------------------------------------------------------

    /**
     * The live process of a service ({@code llm-service}; with {@code SMART_INSTANCES=2} also {@code llm-service-2}),
     * of the broker ({@code kafka}) or of {@code mongo}.
     */
    Optional<ProcessHandle> process(String name) {
        String module = module(name);
        List<String> markers = switch (name) {
            case "kafka" -> List.of("kafka.Kafka");
            case "mongo" -> List.of("LocalMongo");
            // its jar, or that jar extracted into target/aot (./run's AOT cache)
            default ->
                List.of(
                        "/" + module + "/target/",
                        "--server.port=" + (port(name) + (module.equals("gateway-service") ? -5 : 0)) + " ");
        };
        return run.descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> {
                    String line = commandLine(p) + " ";
                    return markers.stream().allMatch(line::contains);
                })
                .findFirst();
    }

    /** The module of a process name: {@code llm-service-2} is the second instance of {@code llm-service}. */
    static String module(String name) {
        return name.matches(".*-service-\\d+") ? name.substring(0, name.lastIndexOf('-')) : name;
    }

    /** 1 for {@code llm-service}, n for {@code llm-service-n}. */
    static int instance(String name) {
        return name.equals(module(name)) ? 1 : Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    }

    /** The whole command line: ProcessHandle.Info cuts long ones (the broker's class path runs to kilobytes). */
    private static String commandLine(ProcessHandle p) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                            StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return p.info().commandLine().orElse("");
        }
    }

    /** The whole command line of a running process ({@link #process}). */
    String commandLine(String name) {
        return commandLine(process(name).orElseThrow(() -> new AssertionError(name + " is not running")));
    }

    long pid(String name) {
        return process(name)
                .orElseThrow(() -> new AssertionError(name + " is not running"))
                .pid();
    }

    /** kill -9: no shutdown hook, no graceful anything. */
    void kill(String name) {
        process(name)
                .orElseThrow(() -> new AssertionError(name + " is not running"))
                .destroyForcibly();
    }

    /** SIGTERM: a clean stop (the broker's controlled shutdown). */
    void terminate(String name) {
        process(name)
                .orElseThrow(() -> new AssertionError(name + " is not running"))
                .destroy();
    }

    /** SIGSTOP / SIGCONT: the process keeps its sockets but answers nothing, like a host that fell off the net. */
    void signal(String name, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid(name))).start();
        assertThat(kill.waitFor()).as("kill -%s %s", signal, name).isZero();
    }

    /** A service's HTTP port (the n-th instance of a backend: its port + 10 * (n - 1), as ./run gives it). */
    int port(String service) {
        return offset
                + 10 * (instance(service) - 1)
                + switch (module(service)) {
                    case "gateway-service" -> 8085; // its management port
                    case "profile-service" -> 8081;
                    case "conversation-service" -> 8082;
                    case "llm-service" -> 8083;
                    case "escalation-service" -> 8084;
                    case "kafka" -> 9092;
                    default -> throw new IllegalArgumentException(service);
                };
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + port("kafka");
    }

    /** Waits until the service answers its readiness probe with UP (after ./run restarted it). */
    void awaitReady(String service, Duration timeout) throws InterruptedException {
        String url = "http://127.0.0.1:" + port(service) + "/actuator/health/readiness";
        awaitTrue(
                timeout,
                () -> {
                    try {
                        HttpResponse<String> r = http.send(
                                HttpRequest.newBuilder(URI.create(url))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        return r.statusCode() == 200 && r.body().contains("\"UP\"");
                    } catch (IOException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                },
                service + " did not become ready");
    }

    void awaitPortOpen(int port, Duration timeout) throws InterruptedException {
        awaitTrue(
                timeout,
                () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                },
                "nothing listens on port " + port);
    }

    /** A service's /actuator/health: status code and body (503 and DOWN when a component it needs is). */
    HttpResponse<String> health(String service, String group) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(service) + "/actuator/health"
                                + (group == null ? "" : "/" + group)))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A service's /actuator/prometheus page (the gateway's from its management port). */
    String prometheus(String service) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(service) + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("/actuator/prometheus of " + service + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** Every record of the broker's topics that match, all partitions, from the beginning to their current end. */
    List<ConsumerRecord<String, String>> readToEnd(Predicate<String> topics) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafkaBootstrap());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (Admin admin = Admin.create(props);
                var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(topics)
                    .sorted()
                    .toList()) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + partitions + " to their end in 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    // --- HTTP as a client ------------------------------------------------------------------------------------------

    String login(String email) throws Exception {
        HttpResponse<String> r = send(
                null,
                "POST",
                "/api/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"support-demo\"}",
                Map.of());
        assertThat(r.statusCode()).as("login of %s: %s", email, r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("accessToken").asString();
    }

    JsonNode get(String token, String path) throws Exception {
        HttpResponse<String> r = send(token, "GET", path, null, Map.of());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    HttpResponse<String> send(String token, String method, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            return "";
        }
    }

    void awaitTrue(Duration timeout, BooleanSupplier condition, String message) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (AssertionError | RuntimeException ignored) {
                // not there yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(message + "\n--- ./run output ---\n" + output());
    }
}
