package com.smartsupport.platform.events;

/**
 * A customer asked to be forgotten (topic {@link Topics#PROFILE_CHANGED}, key = customer id). Every service
 * deletes what it holds about {@code customerId}; handling it twice is harmless.
 */
public record CustomerErased() implements EventPayload {
    public static final String TYPE = "customer.erased";

    @Override
    public String eventType() {
        return TYPE;
    }
}
