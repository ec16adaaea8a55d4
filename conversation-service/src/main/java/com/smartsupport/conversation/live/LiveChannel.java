package com.smartsupport.conversation.live;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SSE streams this instance holds, by conversation. Events reach every instance (each has its own
 * delivery consumer group) and each pushes only to the streams it holds. A heartbeat comment keeps idle
 * connections open through proxies.
 */
@Component
public class LiveChannel {
    private final Map<String, Sinks.Many<ServerSentEvent<Object>>> streams = new ConcurrentHashMap<>();
    /** The highest delta seq pushed per reply, for the most recent replies (bounded). */
    private final Map<String, Integer> lastSeq = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                    return size() > 10_000;
                }
            });
    private final Duration heartbeat;

    LiveChannel(@Value("${smart.live.heartbeat:15s}") Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    public Flux<ServerSentEvent<Object>> stream(String conversationId) {
        Sinks.Many<ServerSentEvent<Object>> sink = streams.computeIfAbsent(conversationId,
                id -> Sinks.many().multicast().directBestEffort());
        Flux<ServerSentEvent<Object>> pings = Flux.interval(heartbeat)
                .map(i -> ServerSentEvent.builder().comment("keep-alive").build());
        ServerSentEvent<Object> hello = ServerSentEvent.builder().comment("connected").build();
        return Flux.concat(Flux.just(hello), Flux.merge(sink.asFlux(), pings))
                .doFinally(signal -> streams.computeIfPresent(conversationId,
                        (id, s) -> s.currentSubscriberCount() == 0 ? null : s));
    }

    /** Pushes an event to the streams of one conversation held here; a no-op if there are none. */
    public void push(String conversationId, String eventName, String eventId, Object data) {
        Sinks.Many<ServerSentEvent<Object>> sink = streams.get(conversationId);
        if (sink != null) {
            sink.tryEmitNext(ServerSentEvent.builder(data).event(eventName).id(eventId).build());
        }
    }

    /**
     * False for a delta already pushed: if llm-service answers a message again after a crash mid-reply, the
     * chunks it re-sends under the same reply id are not shown twice; the completed event then carries the
     * authoritative text.
     */
    public boolean firstDelivery(String replyId, int seq) {
        boolean[] fresh = {false};
        lastSeq.compute(replyId, (id, last) -> {
            if (last == null || seq > last) {
                fresh[0] = true;
                return seq;
            }
            return last;
        });
        return fresh[0];
    }

    public int openStreams() {
        return streams.values().stream().mapToInt(Sinks.Many::currentSubscriberCount).sum();
    }
}
