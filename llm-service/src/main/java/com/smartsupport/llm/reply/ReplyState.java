package com.smartsupport.llm.reply;

import com.smartsupport.llm.knowledge.Passage;
import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.AssistantCompleted.TokenUsage;
import com.smartsupport.platform.events.AssistantDelta;
import com.smartsupport.platform.events.ReplySource;
import java.util.List;

/**
 * What one reply gathers while it streams: the text published so far (each delta's offset and sequence number
 * come from it), the token usage the model reported, whether the fallback answered and why, and the passages the
 * reply may cite. One per reply, written by its stream's signals one after another.
 */
final class ReplyState {
    private final String replyId;
    private final String messageId;
    private final StringBuilder text = new StringBuilder();
    private int seq;
    private volatile TokenUsage usage = TokenUsage.NONE;
    private volatile ReplySource source = ReplySource.LLM;
    private volatile String fallbackReason;
    /** The passages the reply may cite, numbered as in its prompt (or in the fallback's answer). */
    private volatile List<Passage> sources = List.of();

    ReplyState(String replyId, String messageId) {
        this.replyId = replyId;
        this.messageId = messageId;
    }

    /** The model reported its token usage (in the last chunk of each call: a reply that used tools made several). */
    void usage(TokenUsage more) {
        this.usage = new TokenUsage(
                usage.promptTokens() + more.promptTokens(), usage.completionTokens() + more.completionTokens());
    }

    /** The reply's citable passages, from its prompt or from the fallback's answer. */
    void sources(List<Passage> sources) {
        this.sources = sources;
    }

    /** The grounded fallback answers instead of the model, for this reason ({@code ModelFailure}'s, or offline). */
    void fallBack(String reason) {
        this.fallbackReason = reason;
        this.source = ReplySource.FALLBACK;
    }

    /** Why the fallback answered; null when the model did. */
    String fallbackReason() {
        return fallbackReason;
    }

    /** Appends a released piece of text and returns it as the reply's next delta. */
    AssistantDelta next(String piece) {
        int offset = text.length();
        text.append(piece);
        return new AssistantDelta(replyId, messageId, seq++, offset, piece);
    }

    /** The completion: the concatenation of every delta, its source, usage and citations. */
    AssistantCompleted completed() {
        String all = text.toString();
        return new AssistantCompleted(replyId, messageId, all, source, usage, Citations.of(all, sources));
    }
}
