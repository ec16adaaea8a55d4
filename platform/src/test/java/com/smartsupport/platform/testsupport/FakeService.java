package com.smartsupport.platform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Other services, faked at the HTTP boundary for one test class: a server, started at once, that answers every
 * request with what the test's function makes of it. Typically a static field, registered as the instances of the
 * services it stands for ({@link #registerAs}) in a {@code @DynamicPropertySource}, and closed in
 * {@code @AfterAll}.
 */
public final class FakeService implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();

    private FakeService(Function<RecordedRequest, MockResponse> answer) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer.apply(request);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fake that answers each request with what {@code answer} makes of it. */
    public static FakeService answering(Function<RecordedRequest, MockResponse> answer) {
        return new FakeService(answer);
    }

    /** A fake that answers every request with this JSON. */
    public static FakeService answeringJson(String body) {
        return new FakeService(request -> json(body));
    }

    /** A 200 answer with this JSON body. */
    public static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    /** An answer with this status and no body. */
    public static MockResponse status(int code) {
        return new MockResponse().setResponseCode(code);
    }

    /** A local port nothing listens on (a service that is down). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This fake's base URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    /** How many requests this fake has answered. */
    public int requestCount() {
        return server.getRequestCount();
    }

    /** Makes this fake the one instance of each of these services ({@code smart.backends.instances.*}). */
    public void registerAs(DynamicPropertyRegistry registry, String... services) {
        for (String service : services) {
            registry.add("smart.backends.instances." + service, this::url);
        }
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
