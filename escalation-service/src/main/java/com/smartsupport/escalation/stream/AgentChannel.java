package com.smartsupport.escalation.stream;

import com.smartsupport.platform.web.LiveStreamProperties;
import com.smartsupport.platform.web.SseStreams;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * The agents' event streams this instance holds, by agent (see {@link SseStreams}): queue news to every agent, a
 * case's news to its agent only.
 */
@Component
public class AgentChannel {
    private final SseStreams streams;

    AgentChannel(LiveStreamProperties live, MeterRegistry meters) {
        this.streams = new SseStreams(live.heartbeat(), meters, "agent");
    }

    /** The agent's live events until their token expires (then {@code session.expired}). */
    public Flux<ServerSentEvent<Object>> stream(String agentId, Instant tokenExpiresAt) {
        return streams.stream(agentId, tokenExpiresAt);
    }

    public void toAgent(String agentId, String event, String id, Object data) {
        streams.push(agentId, event, id, data);
    }

    public void toAll(String event, String id, Object data) {
        streams.pushToAll(event, id, data);
    }

    /** Ends the agent's streams held here at once ({@code session.expired} with the reason, then the end). */
    public void end(String agentId, String reason) {
        streams.end(agentId, reason);
    }

    public int openStreams() {
        return streams.openStreams();
    }
}
