package com.smartsupport.escalation.stream;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents' event streams held by this instance. Events reach every instance (a consumer group per instance)
 * and each pushes to the streams it holds: queue news to every agent, a case's news to its agent only.
 */
@Component
public class AgentChannel {
    private final Map<String, Sinks.Many<ServerSentEvent<Object>>> byAgent = new ConcurrentHashMap<>();

    public Flux<ServerSentEvent<Object>> stream(String agentId) {
        Sinks.Many<ServerSentEvent<Object>> sink = byAgent.computeIfAbsent(agentId,
                id -> Sinks.many().multicast().directBestEffort());
        Flux<ServerSentEvent<Object>> pings = Flux.interval(Duration.ofSeconds(15))
                .map(i -> ServerSentEvent.builder().comment("keep-alive").build());
        return Flux.concat(Flux.just(ServerSentEvent.builder().comment("connected").build()),
                        Flux.merge(sink.asFlux(), pings))
                .doFinally(signal -> byAgent.computeIfPresent(agentId,
                        (id, s) -> s.currentSubscriberCount() == 0 ? null : s));
    }

    public void toAgent(String agentId, String event, String id, Object data) {
        Sinks.Many<ServerSentEvent<Object>> sink = byAgent.get(agentId);
        if (sink != null) {
            sink.tryEmitNext(ServerSentEvent.builder(data).event(event).id(id).build());
        }
    }

    public void toAll(String event, String id, Object data) {
        byAgent.keySet().forEach(agentId -> toAgent(agentId, event, id, data));
    }

    public int openStreams() {
        return byAgent.values().stream().mapToInt(Sinks.Many::currentSubscriberCount).sum();
    }
}
