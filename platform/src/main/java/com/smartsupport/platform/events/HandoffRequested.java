package com.smartsupport.platform.events;

/**
 * A conversation should go to a human (topic {@link Topics#HANDOFF_REQUESTS}).
 *
 * @param reason   why: {@code customer_request}, {@code sentiment}, {@code fallback_loop}
 * @param detail   a human-readable explanation (which message, which signal), may be null
 * @param language the customer's language (ISO 639-1) where known, for an agent who speaks it; null: unknown
 *                 (version 2)
 */
public record HandoffRequested(String reason, String detail, String language) implements EventPayload {
    public static final String TYPE = "handoff.requested";
    public static final String REASON_CUSTOMER_REQUEST = "customer_request";

    /** A request without a known language. */
    public HandoffRequested(String reason, String detail) {
        this(reason, detail, null);
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    /** Version 2 added {@code language}; a version-1 event reads as a request in an unknown language. */
    @Override
    public int eventVersion() {
        return 2;
    }
}
