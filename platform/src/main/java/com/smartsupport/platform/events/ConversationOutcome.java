package com.smartsupport.platform.events;

/**
 * What became of a conversation (topic {@link Topics#CONVERSATION_OUTCOMES}, keyed by conversation): decided once
 * ({@code conversation.outcome}), and undone when the customer comes back within the durable period
 * ({@code conversation.reopened}, with the outcome it undoes).
 *
 * @param outcome       {@code RESOLVED_BY_ASSISTANT}, {@code RESOLVED_BY_AGENT}, {@code ESCALATED_ABANDONED},
 *                      {@code UNRESOLVED}
 * @param basis         {@code CONFIRMED} (the customer said it helped; an agent closed it) or {@code ASSUMED} (the
 *                      customer left without asking for more)
 * @param handoffReason why the conversation went to a person, if it did ({@code customer_request}, {@code sentiment},
 *                      {@code missing_knowledge}, {@code tool_failure}, {@code fallback_loop}, …)
 * @param reopened      true for {@code conversation.reopened}
 */
public record ConversationOutcome(String outcome, String basis, String handoffReason, boolean reopened)
        implements EventPayload {
    public static final String TYPE = "conversation.outcome";
    public static final String REOPENED = "conversation.reopened";

    @Override
    public String eventType() {
        return reopened ? REOPENED : TYPE;
    }
}
