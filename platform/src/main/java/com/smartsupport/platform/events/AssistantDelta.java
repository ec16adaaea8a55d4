package com.smartsupport.platform.events;

/**
 * One streamed chunk of an assistant reply (topic {@link Topics#ASSISTANT_REPLIES}).
 *
 * @param replyId   the reply this chunk belongs to (one per answered customer message)
 * @param inReplyTo the customer message being answered
 * @param seq       0-based position of the chunk within the reply
 * @param offset    where the chunk's text starts in the reply's text (UTF-16 code units, as Java and JavaScript
 *                  count); {@code null} in a version-1 event. A reply answered again after a crash is cut into
 *                  chunks at other places (chunks are what arrived within a time window), so only the offset
 *                  says which part of a re-sent chunk was already shown
 * @param text      the chunk's text
 */
public record AssistantDelta(String replyId, String inReplyTo, int seq, Integer offset, String text)
        implements EventPayload {
    public static final String TYPE = "assistant.delta";

    @Override
    public String eventType() {
        return TYPE;
    }

    /** Version 2 added {@code offset}. */
    @Override
    public int eventVersion() {
        return 2;
    }

    /** The offset just past this chunk's text. */
    public int end() {
        return (offset == null ? 0 : offset) + text.length();
    }
}
