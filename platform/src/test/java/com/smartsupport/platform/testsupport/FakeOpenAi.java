package com.smartsupport.platform.testsupport;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A fake OpenAI-compatible server at the HTTP boundary: {@code POST /v1/chat/completions} answers with a real
 * server-sent-event stream of {@code chat.completion.chunk}s (or an error status), and every request body is
 * recorded so tests can assert what the prompt carried.
 */
public final class FakeOpenAi implements AutoCloseable {
    public static final String MODEL = "fake-model";

    private final MockWebServer server = new MockWebServer();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Long> requestTimes = new CopyOnWriteArrayList<>();
    private volatile java.util.function.IntFunction<MockResponse> behaviour =
            call -> stream(List.of("Hello", " there."), 10, 2);

    public FakeOpenAi() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (!"/v1/chat/completions".equals(request.getPath())) {
                    return new MockResponse().setResponseCode(404);
                }
                String body = request.getBody().readUtf8();
                requests.add(body);
                requestTimes.add(System.nanoTime());
                return behaviour.apply(requests.size());
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL to configure, including {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort() + "/v1";
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Nanosecond timestamps of the requests, in order. */
    public List<Long> requestTimes() {
        return List.copyOf(requestTimes);
    }

    public void reset() {
        requests.clear();
        requestTimes.clear();
    }

    /** Streams these chunks, then a usage chunk, then {@code [DONE]}. */
    public void replyWith(List<String> chunks, int promptTokens, int completionTokens) {
        behaviour = call -> stream(chunks, promptTokens, completionTokens);
    }

    public void failWith(int status) {
        behaviour = call -> error(status, null);
    }

    /** Answers the n-th request (1-based, counted since the last reset) as the function says. */
    public void respond(java.util.function.IntFunction<MockResponse> byCallNumber) {
        behaviour = byCallNumber;
    }

    /** An OpenAI-style error response; {@code code} is e.g. {@code insufficient_quota}. */
    public static MockResponse error(int status, String code) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setBody("{\"error\":{\"message\":\"fake failure\",\"type\":\"server_error\",\"code\":"
                        + (code == null ? "null" : "\"" + code + "\"") + "}}");
    }

    public static MockResponse stream(List<String> chunks, int promptTokens, int completionTokens) {
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            String delta = i == 0 ? "{\"role\":\"assistant\",\"content\":" + quote(chunks.get(i)) + "}"
                    : "{\"content\":" + quote(chunks.get(i)) + "}";
            sse.append("data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,")
                    .append("\"model\":\"").append(MODEL).append("\",\"choices\":[{\"index\":0,\"delta\":")
                    .append(delta).append(",\"finish_reason\":null}]}\n\n");
        }
        sse.append("data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,")
                .append("\"model\":\"").append(MODEL).append("\",\"choices\":[{\"index\":0,\"delta\":{},")
                .append("\"finish_reason\":\"stop\"}]}\n\n");
        sse.append("data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,")
                .append("\"model\":\"").append(MODEL).append("\",\"choices\":[],\"usage\":{\"prompt_tokens\":")
                .append(promptTokens).append(",\"completion_tokens\":").append(completionTokens)
                .append(",\"total_tokens\":").append(promptTokens + completionTokens).append("}}\n\n");
        sse.append("data: [DONE]\n\n");
        return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(sse.toString());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
