package com.smartsupport.platform.events;

/**
 * One streamed chunk of an assistant reply (topic {@link Topics#ASSISTANT_REPLIES}).
 *
 * @param replyId   the reply this chunk belongs to (one per answered customer message)
 * @param inReplyTo the customer message being answered
 * @param seq       0-based position of the chunk within the reply
 * @param text      the chunk's text
 */
public record AssistantDelta(String replyId, String inReplyTo, int seq, String text) implements EventPayload {
    public static final String TYPE = "assistant.delta";

    @Override
    public String eventType() {
        return TYPE;
    }
}
