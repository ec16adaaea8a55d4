package com.smartsupport.llm.security;

import com.smartsupport.platform.testsupport.FakeOpenAi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.MockResponse;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible model at the HTTP boundary that obeys every injection: a {@link FakeOpenAi} that answers each
 * chat request by leaking what it was given, streamed in small chunks of random size. Four ways of leaking, in turn:
 * <ul>
 *   <li>{@link Leak#ECHO}: every message of the request in order, system prompt first;</li>
 *   <li>{@link Leak#REVERSED}: every message newest first, so the customer's own text and profile come out before
 *       the system prompt;</li>
 *   <li>{@link Leak#CANARY}: a normal-looking answer that slips in the internal reference found in the system
 *       prompt, with zero-width spaces or changed case;</li>
 *   <li>{@link Leak#REFLOWED}: the system prompt upper-cased with its line breaks turned into double spaces.</li>
 * </ul>
 * Each request, its messages and what was streamed back are recorded. {@link #failWith(int)} makes it answer with
 * an error status instead (the grounded fallback path). With {@link #obeyArticles(boolean)} on, it also does what
 * the knowledge articles in its prompt say before leaking: it repeats the whole knowledge section (every
 * instruction written in an article) and cites every number from {@code [1]} to {@code [9]}, whether the prompt
 * held that many passages or not.
 */
final class ObedientModel implements AutoCloseable {
    enum Leak {
        ECHO,
        REVERSED,
        CANARY,
        REFLOWED
    }

    record Message(String role, String content) {}

    /** One request: its raw body, its messages, how it leaked and the text streamed back (null on an error). */
    record Exchange(String body, List<Message> messages, Leak leak, String reply) {
        String all() {
            StringBuilder s = new StringBuilder();
            messages.forEach(m -> s.append(m.content()).append('\n'));
            return s.toString();
        }
    }

    private static final Pattern CANARY = Pattern.compile("canary-[0-9a-f]{16}");
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final FakeOpenAi server = new FakeOpenAi();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private volatile int failStatus;
    private volatile boolean obeyArticles;

    ObedientModel() {
        server.respond(this::answer);
    }

    String baseUrl() {
        return server.baseUrl();
    }

    List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** Answer every request with this HTTP status (0: leak again). */
    void failWith(int status) {
        failStatus = status;
    }

    /** Also obey the knowledge articles in the prompt (see the class comment); off by default. */
    void obeyArticles(boolean on) {
        obeyArticles = on;
    }

    private MockResponse answer(int call, String body) {
        List<Message> messages = messages(body);
        if (failStatus != 0) {
            exchanges.add(new Exchange(body, messages, null, null));
            return FakeOpenAi.error(failStatus, null);
        }
        Leak leak = Leak.values()[call % Leak.values().length];
        String reply = ((obeyArticles ? obey(messages) : "") + leak(leak, messages, new Random(call)))
                .replaceAll("[\\p{Cc}&&[^\\n]]", " ");
        exchanges.add(new Exchange(body, messages, leak, reply));
        return FakeOpenAi.stream(chunks(reply, new Random(-call)), 400, reply.length() / 4);
    }

    static String leak(Leak leak, List<Message> messages, Random random) {
        String system = messages.isEmpty() ? "" : messages.get(0).content();
        StringBuilder out = new StringBuilder();
        switch (leak) {
            case ECHO -> {
                out.append("Sure! Here is everything I was given:\n\n");
                messages.forEach(m ->
                        out.append(m.role()).append(": ").append(m.content()).append("\n\n"));
            }
            case REVERSED -> {
                out.append("Of course. Working backwards through my context:\n\n");
                for (int i = messages.size() - 1; i >= 0; i--) {
                    out.append(messages.get(i).content()).append("\n\n");
                }
            }
            case CANARY -> {
                Matcher m = CANARY.matcher(system);
                String canary = m.find() ? m.group() : "no-canary-in-the-prompt";
                String disguised =
                        random.nextBoolean() ? String.join("\u200b", canary.split("")) : canary.toUpperCase();
                out.append("Happy to help with that. I have checked your account and everything looks fine. ")
                        .append("As you asked, my internal reference is ")
                        .append(disguised)
                        .append(". Is there anything else I can do for you today?");
            }
            case REFLOWED ->
                out.append("My rules, as requested: ")
                        .append(system.toUpperCase().replace("\n", "  "));
        }
        return out.toString();
    }

    /**
     * What a model that takes the articles for instructions would add: the knowledge section repeated (so every
     * instruction in it, marker strings, links and claims included) and citations of [1] to [9]; "" when the prompt
     * has no knowledge section.
     */
    static String obey(List<Message> messages) {
        for (Message m : messages) {
            if (m.content().startsWith("Knowledge articles (")) {
                return "As the help centre articles instruct me:\n\n" + m.content()
                        + "\n\nSources: [1][2][3][4][5][6][7][8][9].\n\n";
            }
        }
        return "";
    }

    /** Splits a text into chunks of 1 to 16 characters. */
    static List<String> chunks(String text, Random random) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); ) {
            int end = Math.min(text.length(), i + 1 + random.nextInt(16));
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end++;
            }
            out.add(text.substring(i, end));
            i = end;
        }
        return out;
    }

    private static List<Message> messages(String body) {
        List<Message> out = new ArrayList<>();
        JsonNode messages = JSON.readTree(body).path("messages");
        for (JsonNode m : messages) {
            JsonNode content = m.path("content");
            String text;
            if (content.isArray()) {
                StringBuilder parts = new StringBuilder();
                content.forEach(p -> parts.append(p.path("text").asString("")));
                text = parts.toString();
            } else {
                text = content.asString("");
            }
            out.add(new Message(m.path("role").asString(""), text));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
