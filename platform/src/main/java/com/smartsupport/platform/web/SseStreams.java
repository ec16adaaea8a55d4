package com.smartsupport.platform.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The server-sent-event streams one instance holds, by key (a conversation, an agent). Events reach every instance
 * (each service reads them in a consumer group of its own per instance) and each pushes only to the streams it
 * holds. A stream starts with a {@code :connected} comment and carries a {@code :keep-alive} comment at the given
 * interval so that idle connections survive proxies. A key's sink is dropped when its last stream closes.
 */
public class SseStreams {
    private static final ServerSentEvent<Object> CONNECTED =
            ServerSentEvent.builder().comment("connected").build();
    private static final ServerSentEvent<Object> KEEP_ALIVE =
            ServerSentEvent.builder().comment("keep-alive").build();
    /** Events of one key may be pushed while a keep-alive goes out: the loser of that race tries again. */
    private static final Sinks.EmitFailureHandler RETRY_WHILE_BUSY =
            Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(200));

    private final Map<String, Sinks.Many<ServerSentEvent<Object>>> sinks = new ConcurrentHashMap<>();
    private final Duration heartbeat;
    private final AtomicBoolean beating = new AtomicBoolean();

    public SseStreams(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    /** Publishes the number of open streams as {@code smart_sse_streams_active{channel}}. */
    public SseStreams(Duration heartbeat, MeterRegistry meters, String channel) {
        this(heartbeat);
        Gauge.builder("smart.sse.streams.active", this, SseStreams::openStreams)
                .description("Open server-sent event streams held by this instance")
                .tag("channel", channel)
                .register(meters);
    }

    /**
     * One timer for all streams: at each heartbeat every key's sink gets a keep-alive (an idle stream then costs
     * no timer and no merged second source of its own; docs/benchmarks.md).
     */
    private void startHeartbeat() {
        if (beating.compareAndSet(false, true)) {
            Schedulers.parallel()
                    .schedulePeriodically(
                            () -> sinks.values().forEach(sink -> sink.tryEmitNext(KEEP_ALIVE)),
                            heartbeat.toMillis(),
                            heartbeat.toMillis(),
                            TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A stream that ends when the caller's token does: the last event is {@code session.expired}, then the stream
     * completes, so a stolen or stale token never keeps a stream open, and the client re-authenticates to go on.
     */
    public Flux<ServerSentEvent<Object>> stream(String key, Instant expiresAt) {
        if (expiresAt == null) {
            return stream(key);
        }
        Duration left = Duration.between(Instant.now(), expiresAt);
        if (left.isNegative() || left.isZero()) {
            return Flux.just(expired(TOKEN_EXPIRED));
        }
        return Flux.defer(() -> {
            AtomicBoolean ended = new AtomicBoolean();
            return stream(key)
                    .doOnNext(e -> ended.compareAndSet(false, SESSION_EXPIRED.equals(e.event())))
                    .takeUntilOther(Mono.delay(left))
                    // ended by end(): its session.expired went out already
                    .concatWith(Mono.fromSupplier(() -> ended.get() ? null : expired(TOKEN_EXPIRED)));
        });
    }

    /** The last event of a stream whose session is over; the client logs in again to go on. */
    public static final String SESSION_EXPIRED = "session.expired";

    private static final String TOKEN_EXPIRED = "token expired";

    private static ServerSentEvent<Object> expired(String reason) {
        return ServerSentEvent.<Object>builder(Map.of("reason", reason))
                .event(SESSION_EXPIRED)
                .build();
    }

    /**
     * Ends every stream of one key held here at once (its sessions were revoked): each gets {@code session.expired}
     * with the reason, then completes.
     */
    public void end(String key, String reason) {
        Sinks.Many<ServerSentEvent<Object>> sink = sinks.remove(key);
        if (sink != null) {
            sink.emitNext(expired(reason), RETRY_WHILE_BUSY);
            sink.emitComplete(RETRY_WHILE_BUSY);
        }
    }

    public Flux<ServerSentEvent<Object>> stream(String key) {
        startHeartbeat();
        Sinks.Many<ServerSentEvent<Object>> sink =
                sinks.computeIfAbsent(key, k -> Sinks.many().multicast().directBestEffort());
        return sink.asFlux()
                .startWith(CONNECTED)
                .doFinally(signal -> sinks.computeIfPresent(key, (k, s) -> s.currentSubscriberCount() == 0 ? null : s));
    }

    /** Pushes an event to the streams of one key held here; a no-op if there are none. */
    public void push(String key, String event, String id, Object data) {
        Sinks.Many<ServerSentEvent<Object>> sink = sinks.get(key);
        if (sink != null) {
            sink.emitNext(ServerSentEvent.builder(data).event(event).id(id).build(), RETRY_WHILE_BUSY);
        }
    }

    public void pushToAll(String event, String id, Object data) {
        sinks.keySet().forEach(key -> push(key, event, id, data));
    }

    /** Whether a request asks for a server-sent-event stream (our streams' paths end with {@code /events}). */
    public static boolean isEventStream(ServerHttpRequest request) {
        if (request == null || request.getMethod() != HttpMethod.GET) {
            return false;
        }
        return request.getPath().value().endsWith("/events");
    }

    public int openStreams() {
        return sinks.values().stream()
                .mapToInt(Sinks.Many::currentSubscriberCount)
                .sum();
    }
}
