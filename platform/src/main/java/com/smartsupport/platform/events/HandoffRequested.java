package com.smartsupport.platform.events;

/**
 * A conversation should go to a human (topic {@link Topics#HANDOFF_REQUESTS}).
 *
 * @param reason why: {@code customer_request}, {@code sentiment}, {@code fallback_loop}
 * @param detail a human-readable explanation (which message, which signal), may be null
 */
public record HandoffRequested(String reason, String detail) implements EventPayload {
    public static final String TYPE = "handoff.requested";
    public static final String REASON_CUSTOMER_REQUEST = "customer_request";

    @Override
    public String eventType() {
        return TYPE;
    }
}
