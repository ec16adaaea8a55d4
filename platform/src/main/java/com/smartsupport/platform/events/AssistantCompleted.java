package com.smartsupport.platform.events;

import java.util.List;
import java.util.Objects;

/**
 * The whole assistant reply, once streaming ended (topic {@link Topics#ASSISTANT_REPLIES}).
 *
 * @param replyId   the reply; consumers store it once per id
 * @param inReplyTo the customer message answered
 * @param text      the full text
 * @param source    {@link ReplySource#LLM} or {@link ReplySource#FALLBACK}
 * @param usage     token usage reported by the model, zeros for a fallback
 * @param citations the knowledge-base articles the reply used (numbered as in the reply's {@code [n]} markers);
 *                  only ever articles that were in the prompt, never internal ones; empty when none (version 2)
 */
public record AssistantCompleted(
        String replyId, String inReplyTo, String text, ReplySource source, TokenUsage usage, List<Citation> citations)
        implements EventPayload {
    public static final String TYPE = "assistant.completed";

    public AssistantCompleted {
        citations = citations == null
                ? List.of()
                : citations.stream().filter(Objects::nonNull).toList();
    }

    /** A reply without sources. */
    public AssistantCompleted(String replyId, String inReplyTo, String text, ReplySource source, TokenUsage usage) {
        this(replyId, inReplyTo, text, source, usage, List.of());
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    /** Version 2 added {@code citations}; a version-1 event reads as a reply without sources. */
    @Override
    public int eventVersion() {
        return 2;
    }

    public record TokenUsage(int promptTokens, int completionTokens) {
        public static final TokenUsage NONE = new TokenUsage(0, 0);
    }

    /**
     * One source of a reply.
     *
     * @param n         the number the reply cites it by ({@code [n]})
     * @param articleId the article, readable by the customer at {@code GET /api/knowledge/articles/{articleId}}
     * @param title     the article's title
     * @param passage   the passage of the article that was used
     */
    public record Citation(int n, String articleId, String title, String passage) {}
}
