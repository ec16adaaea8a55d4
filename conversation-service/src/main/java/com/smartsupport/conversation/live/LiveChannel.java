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

    public int openStreams() {
        return streams.values().stream().mapToInt(Sinks.Many::currentSubscriberCount).sum();
    }
}
