package com.smartsupport.platform.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import okhttp3.mockwebserver.MockResponse;
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
    /** The event that ends an OpenAI stream. */
    public static final String DONE = "data: [DONE]\n\n";

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Long> requestTimes = new CopyOnWriteArrayList<>();
    private final List<String> embeddingRequests = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour = (call, body) -> stream(List.of("Hello", " there."), 10, 2);
    private final FakeService server = FakeService.answering(this::dispatch);

    /** The base URL to configure, including {@code /v1}. */
    public String baseUrl() {
        return server.url() + "/v1";
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Nanosecond timestamps of the requests, in order. */
    public List<Long> requestTimes() {
        return List.copyOf(requestTimes);
    }

    private MockResponse dispatch(RecordedRequest request) {
        String body = request.getBody().readUtf8();
        if ("/v1/embeddings".equals(request.getPath())) {
            embeddingRequests.add(body);
            return embeddings(body);
        }
        if (!"/v1/chat/completions".equals(request.getPath())) {
            return FakeService.status(404);
        }
        requests.add(body);
        requestTimes.add(System.nanoTime());
        return behaviour.answer(requests.size(), body);
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
        behaviour = (call, body) -> stream(chunks, promptTokens, completionTokens);
    }

    public void failWith(int status) {
        behaviour = (call, body) -> error(status, null);
    }

    /** Answers the n-th request (1-based, counted since the last reset) as the function says. */
    public void respond(IntFunction<MockResponse> byCallNumber) {
        behaviour = (call, body) -> byCallNumber.apply(call);
    }

    /** Answers each chat request as the behaviour says (a model that reads its prompt, for instance). */
    public void respond(Behaviour behaviour) {
        this.behaviour = behaviour;
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
            sse.append(event(contentChunk(MODEL, chunks.get(i), i == 0)));
        }
        sse.append(event(stopChunk(MODEL)));
        sse.append(event(usageChunk(MODEL, promptTokens, completionTokens)));
        sse.append(DONE);
        return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(sse.toString());
    }

    /**
     * A model turn that calls tools instead of answering: one chunk per call (id, function name, JSON arguments),
     * the {@code finish_reason: tool_calls} chunk, usage, then {@code [DONE]}, as OpenAI streams it.
     */
    public static MockResponse toolCalls(List<ToolCall> calls, int promptTokens, int completionTokens) {
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            String delta = (i == 0 ? "{\"role\":\"assistant\",\"content\":null," : "{")
                    + "\"tool_calls\":[{\"index\":" + i + ",\"id\":" + quote(call.id())
                    + ",\"type\":\"function\",\"function\":{\"name\":" + quote(call.name()) + ",\"arguments\":"
                    + quote(call.arguments()) + "}}]}";
            sse.append(event(chunk(MODEL, "[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]")));
        }
        sse.append(event(chunk(MODEL, "[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]")));
        sse.append(event(usageChunk(MODEL, promptTokens, completionTokens)));
        sse.append(DONE);
        return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(sse.toString());
    }

    /** One tool call of a model turn: {@code arguments} is the JSON the model wrote. */
    public record ToolCall(String id, String name, String arguments) {}

    /** One server-sent event carrying this JSON. */
    public static String event(String json) {
        return "data: " + json + "\n\n";
    }

    /** A {@code chat.completion.chunk} with this text as its delta (the first one also names the role). */
    public static String contentChunk(String model, String text, boolean first) {
        String delta = (first ? "{\"role\":\"assistant\"," : "{") + "\"content\":" + quote(text) + "}";
        return chunk(model, "[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]");
    }

    /** The chunk that ends the reply ({@code finish_reason: stop}). */
    public static String stopChunk(String model) {
        return chunk(model, "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]");
    }

    /** The last chunk, with no choices and the token usage. */
    public static String usageChunk(String model, int promptTokens, int completionTokens) {
        return chunk(
                model,
                "[],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens
                        + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}");
    }

    private static String chunk(String model, String choices) {
        return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
                + model + "\",\"choices\":" + choices + "}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** How the fake answers a chat request: from its number (1-based, since the last reset) and its JSON body. */
    @FunctionalInterface
    public interface Behaviour {
        MockResponse answer(int call, String body);
    }
}
