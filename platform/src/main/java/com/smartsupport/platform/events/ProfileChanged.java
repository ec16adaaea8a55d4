package com.smartsupport.platform.events;

/**
 * A customer profile changed (topic {@link Topics#PROFILE_CHANGED}, key = customer id). Readers that cache
 * profiles drop their copy; the event carries no profile data, so it leaks nothing.
 *
 * @param change what happened: {@code created}, {@code updated}, {@code purchase-added},
 *               {@code support-case-added}
 */
public record ProfileChanged(String change) implements EventPayload {
    public static final String TYPE = "profile.changed";

    @Override
    public String eventType() {
        return TYPE;
    }
}
