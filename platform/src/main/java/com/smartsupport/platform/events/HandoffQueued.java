package com.smartsupport.platform.events;

/**
 * A conversation waits for a human (topic {@link Topics#HANDOFF_ASSIGNMENTS}): where it is in the queue and an
 * honest estimate of the wait.
 *
 * @param escalationId         the case
 * @param position             1 = next to be assigned
 * @param estimatedWaitSeconds null when no agent is online (no honest estimate exists)
 * @param agentsOnline         agents taking work now
 */
public record HandoffQueued(String escalationId, int position, Long estimatedWaitSeconds, int agentsOnline)
        implements EventPayload {
    public static final String TYPE = "handoff.queued";

    @Override
    public String eventType() {
        return TYPE;
    }
}
