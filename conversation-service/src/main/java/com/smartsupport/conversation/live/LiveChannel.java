package com.smartsupport.conversation.live;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.smartsupport.platform.events.AssistantDelta;
import com.smartsupport.platform.web.LiveStreamProperties;
import com.smartsupport.platform.web.SseStreams;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/** The customers' live streams this instance holds, by conversation (see {@link SseStreams}). */
@Component
public class LiveChannel {
    /** The position of a reply's completed event, after all of its deltas. */
    public static final int COMPLETED_SEQ = Integer.MAX_VALUE;

    private final SseStreams streams;
    /** What was pushed of the most recent replies (and agent messages): the last seq and the text's length. */
    private final Cache<String, Shown> shown =
            Caffeine.newBuilder().maximumSize(10_000).build();

    /** The last seq pushed for one reply, and how much of its text ({@code chars}) the customer has seen. */
    private record Shown(int seq, int chars) {}

    LiveChannel(LiveStreamProperties live, MeterRegistry meters) {
        this.streams = new SseStreams(live.heartbeat(), meters, "customer");
    }

    /** The conversation's live events until the caller's token expires (then {@code session.expired}). */
    public Flux<ServerSentEvent<Object>> stream(String conversationId, Instant tokenExpiresAt) {
        return streams.stream(conversationId, tokenExpiresAt);
    }

    /** Pushes an event to the streams of one conversation held here; a no-op if there are none. */
    public void push(String conversationId, String eventName, String eventId, Object data) {
        streams.push(conversationId, eventName, eventId, data);
    }

    /**
     * False for an event already pushed (by its id and position): an agent's message sent again, a reply completed
     * again after llm-service answered a redelivered message.
     */
    public boolean firstDelivery(String id, int seq) {
        boolean[] fresh = {false};
        shown.asMap().compute(id, (key, last) -> {
            if (last == null || seq > last.seq()) {
                fresh[0] = true;
                return new Shown(seq, last == null ? 0 : last.chars());
            }
            return last;
        });
        return fresh[0];
    }

    /**
     * The part of a chunk the customer has not seen yet, empty if none. If llm-service answers a message again
     * after a crash mid-reply, it re-sends the reply under the same id but cut into chunks at other places; by the
     * chunks' offsets, text already shown is not shown again, and what is pushed carries a seq above the last one
     * pushed. Nothing is pushed after the reply's completion, which carries the authoritative text.
     */
    public Optional<AssistantDelta> unseen(AssistantDelta delta) {
        @SuppressWarnings("unchecked")
        Optional<AssistantDelta>[] out = new Optional[] {Optional.empty()};
        shown.asMap().compute(delta.replyId(), (key, last) -> {
            if (last == null) {
                out[0] = Optional.of(delta);
                return new Shown(delta.seq(), delta.end());
            }
            if (last.seq() == COMPLETED_SEQ) {
                return last;
            }
            if (delta.offset() == null) { // a version-1 chunk: by its seq alone
                if (delta.seq() <= last.seq()) {
                    return last;
                }
                out[0] = Optional.of(delta);
                return new Shown(delta.seq(), last.chars() + delta.text().length());
            }
            if (delta.end() <= last.chars()) {
                return last;
            }
            int cut = Math.max(0, last.chars() - delta.offset());
            int seq = Math.max(delta.seq(), last.seq() + 1);
            out[0] = Optional.of(
                    cut == 0 && seq == delta.seq()
                            ? delta
                            : new AssistantDelta(
                                    delta.replyId(),
                                    delta.inReplyTo(),
                                    seq,
                                    delta.offset() + cut,
                                    delta.text().substring(cut)));
            return new Shown(seq, delta.end());
        });
        return out[0];
    }

    public int openStreams() {
        return streams.openStreams();
    }
}
