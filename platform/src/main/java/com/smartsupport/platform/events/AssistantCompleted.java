package com.smartsupport.platform.events;

/**
 * The whole assistant reply, once streaming ended (topic {@link Topics#ASSISTANT_REPLIES}).
 *
 * @param replyId   the reply; consumers store it once per id
 * @param inReplyTo the customer message answered
 * @param text      the full text
 * @param source    {@link ReplySource#LLM} or {@link ReplySource#FALLBACK}
 * @param usage     token usage reported by the model, zeros for a fallback
 */
public record AssistantCompleted(String replyId, String inReplyTo, String text, ReplySource source, TokenUsage usage)
        implements EventPayload {
    public static final String TYPE = "assistant.completed";

    @Override
    public String eventType() {
        return TYPE;
    }

    public record TokenUsage(int promptTokens, int completionTokens) {
        public static final TokenUsage NONE = new TokenUsage(0, 0);
    }
}
