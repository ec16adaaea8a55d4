package com.smartsupport.conversation.live;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.codec.ServerSentEvent;
import com.smartsupport.platform.web.SseStreams;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.Map;

/** The customers' live streams this instance holds, by conversation (see {@link SseStreams}). */
@Component
public class LiveChannel {
    private final SseStreams streams;
    /** The position of a reply's completed event, after all of its deltas. */
    public static final int COMPLETED_SEQ = Integer.MAX_VALUE;

    /** The highest delta seq pushed per reply, for the most recent replies (bounded). */
    private final Map<String, Integer> lastSeq = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                    return size() > 10_000;
                }
            });

    LiveChannel(@Value("${smart.live.heartbeat:15s}") Duration heartbeat,
                io.micrometer.core.instrument.MeterRegistry meters) {
        this.streams = new SseStreams(heartbeat, meters, "customer");
    }

    /** The conversation's live events until the caller's token expires (then {@code session.expired}). */
    public Flux<ServerSentEvent<Object>> stream(String conversationId, java.time.Instant tokenExpiresAt) {
        return streams.stream(conversationId, tokenExpiresAt);
    }

    /** Pushes an event to the streams of one conversation held here; a no-op if there are none. */
    public void push(String conversationId, String eventName, String eventId, Object data) {
        streams.push(conversationId, eventName, eventId, data);
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
        return streams.openStreams();
    }
}
