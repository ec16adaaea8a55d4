package com.smartsupport.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Reads a server-sent-event stream on a background thread, keeping each event's name and data, in order. */
final class SseStream implements AutoCloseable {
    /** @param nanos when it arrived ({@link System#nanoTime()}) */
    record Event(String name, String data, long nanos) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final Stream<String> body;
    private volatile boolean open = true;

    private final Consumer<Event> listener;

    SseStream(HttpClient http, String token, String url) throws Exception {
        this(http, token, url, e -> {});
    }

    /** The listener sees each event as it arrives, on the reading thread. */
    SseStream(HttpClient http, String token, String url, Consumer<Event> listener) throws Exception {
        this(http, token, url, listener, true);
    }

    /** @param keep whether {@link #events()} keeps what arrived (a long benchmark stream only hands it on) */
    SseStream(HttpClient http, String token, String url, Consumer<Event> listener, boolean keep) throws Exception {
        this.listener = listener;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).as("stream %s", url).isEqualTo(200);
        body = response.body();
        thread = new Thread(
                () -> {
                    String name = null;
                    List<String> data = new ArrayList<>();
                    try {
                        var lines = body.iterator();
                        while (open && lines.hasNext()) {
                            String line = lines.next();
                            if (line.isEmpty()) {
                                if (name != null) {
                                    Event event = new Event(name, String.join("\n", data), System.nanoTime());
                                    if (keep) {
                                        events.add(event);
                                    }
                                    this.listener.accept(event);
                                }
                                name = null;
                                data.clear();
                            } else if (line.startsWith("event:")) {
                                name = line.substring(6).trim();
                            } else if (line.startsWith("data:")) {
                                data.add(line.substring(5));
                            }
                        }
                    } catch (RuntimeException e) {
                        // the stream was closed (by us, or the server went away): what was read is kept
                    }
                },
                "sse-stream");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the server ended the stream (its instance went away, say), or it was closed. */
    boolean ended() {
        return !thread.isAlive();
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<String> named(String name) {
        return events.stream()
                .filter(e -> e.name().equals(name))
                .map(Event::data)
                .toList();
    }

    @Override
    public void close() {
        open = false;
        body.close();
        thread.interrupt();
    }
}
