package com.smartsupport.localstack;

import com.smartsupport.platform.testsupport.FakeOpenAi;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The benchmark's model: an OpenAI-compatible {@code POST /v1/chat/completions} that streams a reply at a set pace, in
 * {@link FakeOpenAi}'s wire format
 * (first chunk {@code ttftMs} after the request arrived, then one chunk every {@code chunkMs}), and records when it
 * really sent each first chunk, so that the platform's overhead is measured against the model's actual time to first
 * token rather than the configured one. It can also hang (accept and never answer) or fail (503).
 *
 * <p>A thread per open request, sleeping between chunks: cheap in CPU, and exact to about a millisecond, unlike a
 * throttled mock server whose first bytes wait for its throttle period.
 */
final class FakeModelServer implements AutoCloseable {
    private static final String MODEL = "bench-model";

    enum Mode {
        STREAM,
        HANG,
        FAIL
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-model");
        t.setDaemon(true);
        return t;
    });
    private final long ttftMs;
    private final int chunks;
    private final long chunkMs;
    private volatile Mode mode = Mode.STREAM;
    /** From each answered request's arrival to its first content chunk being written. */
    private volatile Latencies firstChunks = new Latencies();

    private final AtomicInteger requests = new AtomicInteger();

    FakeModelServer(long ttftMs, int chunks, long chunkMs) throws IOException {
        this.ttftMs = ttftMs;
        this.chunks = chunks;
        this.chunkMs = chunkMs;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(threads);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    int requests() {
        return requests.get();
    }

    /** The model's real time to first chunk, p-th percentile in ms, of the requests answered since the last reset. */
    double firstChunkMs(double p) {
        return firstChunks.p(p);
    }

    void resetTimes() {
        firstChunks = new Latencies();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        requests.incrementAndGet();
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            switch (mode) {
                case FAIL -> {
                    byte[] body = FakeOpenAi.error(503, null).getBody().readByteArray();
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(503, body.length);
                    exchange.getResponseBody().write(body);
                }
                case HANG -> sleepUntil(arrived + TimeUnit.MINUTES.toNanos(5), () -> mode == Mode.HANG);
                case STREAM -> stream(exchange, arrived);
            }
        } catch (IOException e) {
            // the client gave up (a timeout): nothing to do
        }
    }

    private void stream(HttpExchange exchange, long arrived) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        long next = arrived + TimeUnit.MILLISECONDS.toNanos(ttftMs);
        for (int i = 0; i < chunks; i++) {
            sleepUntil(next, () -> true);
            write(out, FakeOpenAi.contentChunk(MODEL, "word" + i + " ", i == 0));
            if (i == 0) {
                firstChunks.add(System.nanoTime() - arrived);
            }
            next += TimeUnit.MILLISECONDS.toNanos(chunkMs);
        }
        write(out, FakeOpenAi.stopChunk(MODEL));
        write(out, FakeOpenAi.usageChunk(MODEL, 300, chunks));
        out.write(FakeOpenAi.DONE.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void write(OutputStream out, String json) throws IOException {
        out.write(FakeOpenAi.event(json).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sleepUntil(long deadline, BooleanSupplier stillWaiting) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && stillWaiting.getAsBoolean()) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        mode = Mode.STREAM; // hanging requests return
        server.stop(0);
        threads.shutdownNow();
    }
}
