package com.smartsupport.platform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fake OpenAI-compatible server at the HTTP boundary: {@code POST /v1/chat/completions} answers with a real
 * server-sent-event stream of {@code chat.completion.chunk}s (or an error status), and every request body is
 * recorded so tests can assert what the prompt carried. {@code POST /v1/embeddings} answers every input with a
 * deterministic unit vector of {@value #EMBEDDING_DIMENSIONS} dimensions hashed from its words (texts that share
 * words are similar), as floats or base64 as the request asks; those requests are recorded apart.
 */
public final class FakeOpenAi implements AutoCloseable {
    public static final String MODEL = "fake-model";
    public static final int EMBEDDING_DIMENSIONS = 64;

    private final MockWebServer server = new MockWebServer();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Long> requestTimes = new CopyOnWriteArrayList<>();
    private final List<String> embeddingRequests = new CopyOnWriteArrayList<>();
    private volatile IntFunction<MockResponse> behaviour = call -> stream(List.of("Hello", " there."), 10, 2);

    public FakeOpenAi() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if ("/v1/embeddings".equals(request.getPath())) {
                    String body = request.getBody().readUtf8();
                    embeddingRequests.add(body);
                    return embeddings(body);
                }
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
        embeddingRequests.clear();
    }

    /** The bodies of the {@code /v1/embeddings} requests, in order. */
    public List<String> embeddingRequests() {
        return List.copyOf(embeddingRequests);
    }

    /** A vector hashed from the words of a text: what the fake answers for it. */
    public static float[] embedding(String text) {
        float[] v = new float[EMBEDDING_DIMENSIONS];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() >= 3) {
                String stem = word.substring(0, Math.min(5, word.length()));
                v[Math.floorMod(stem.hashCode(), EMBEDDING_DIMENSIONS)] += 1;
            }
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            v[0] = 1;
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static MockResponse embeddings(String body) {
        JsonNode request = JsonMapper.builder().build().readTree(body);
        JsonNode input = request.get("input");
        List<String> texts = new ArrayList<>();
        if (input.isArray()) {
            input.forEach(t -> texts.add(t.asString()));
        } else {
            texts.add(input.asString());
        }
        boolean base64 = request.has("encoding_format")
                && "base64".equals(request.get("encoding_format").asString());
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            float[] v = embedding(texts.get(i));
            String value;
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float x : v) {
                    bytes.putFloat(x);
                }
                value = "\"" + Base64.getEncoder().encodeToString(bytes.array()) + "\"";
            } else {
                StringBuilder floats = new StringBuilder("[");
                for (int j = 0; j < v.length; j++) {
                    floats.append(j == 0 ? "" : ",").append(v[j]);
                }
                value = floats.append(']').toString();
            }
            data.append(i == 0 ? "" : ",")
                    .append("{\"object\":\"embedding\",\"index\":")
                    .append(i)
                    .append(",\"embedding\":")
                    .append(value)
                    .append('}');
        }
        return new MockResponse()
                .setHeader("Content-Type", "application/json")
                .setBody("{\"object\":\"list\","
                        + "\"data\":[" + data + "],\"model\":\"fake-embedding\",\"usage\":{\"prompt_tokens\":"
                        + texts.size() + ",\"total_tokens\":" + texts.size() + "}}");
    }

    /** Streams these chunks, then a usage chunk, then {@code [DONE]}. */
    public void replyWith(List<String> chunks, int promptTokens, int completionTokens) {
        behaviour = call -> stream(chunks, promptTokens, completionTokens);
    }

    public void failWith(int status) {
        behaviour = call -> error(status, null);
    }

    /** Answers the n-th request (1-based, counted since the last reset) as the function says. */
    public void respond(IntFunction<MockResponse> byCallNumber) {
        behaviour = byCallNumber;
    }

    /** An OpenAI-style error response; {@code code} is e.g. {@code insufficient_quota}. */
    public static MockResponse error(int status, String code) {
        return new MockResponse()
                .setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setBody("{\"error\":{\"message\":\"fake failure\",\"type\":\"server_error\",\"code\":"
                        + (code == null ? "null" : "\"" + code + "\"") + "}}");
    }

    public static MockResponse stream(List<String> chunks, int promptTokens, int completionTokens) {
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            String delta = i == 0
                    ? "{\"role\":\"assistant\",\"content\":" + quote(chunks.get(i)) + "}"
                    : "{\"content\":" + quote(chunks.get(i)) + "}";
            sse.append("data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,")
                    .append("\"model\":\"")
                    .append(MODEL)
                    .append("\",\"choices\":[{\"index\":0,\"delta\":")
                    .append(delta)
                    .append(",\"finish_reason\":null}]}\n\n");
        }
        sse.append("data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,")
                .append("\"model\":\"")
                .append(MODEL)
                .append("\",\"choices\":[{\"index\":0,\"delta\":{},")
                .append("\"finish_reason\":\"stop\"}]}\n\n");
        sse.append("data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,")
                .append("\"model\":\"")
                .append(MODEL)
                .append("\",\"choices\":[],\"usage\":{\"prompt_tokens\":")
                .append(promptTokens)
                .append(",\"completion_tokens\":")
                .append(completionTokens)
                .append(",\"total_tokens\":")
                .append(promptTokens + completionTokens)
                .append("}}\n\n");
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
