package com.smartsupport.platform.events;

/** A payload names its event type and schema version; see docs/events.md. */
public interface EventPayload {
    String eventType();

    default int eventVersion() {
        return 1;
    }
}
