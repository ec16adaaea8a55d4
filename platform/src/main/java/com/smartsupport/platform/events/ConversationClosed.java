package com.smartsupport.platform.events;

/**
 * A conversation ended (topic {@link Topics#CONVERSATION_CLOSED}). profile-service appends it to the customer's
 * support history, once per event id.
 *
 * @param issue      what the customer needed, in a sentence
 * @param resolution how it ended
 * @param closedBy   the agent id, or {@code customer}
 * @param csat       the customer's rating 1-5, if given
 */
public record ConversationClosed(String issue, String resolution, String closedBy, Integer csat)
        implements EventPayload {
    public static final String TYPE = "conversation.closed";

    @Override
    public String eventType() {
        return TYPE;
    }
}
