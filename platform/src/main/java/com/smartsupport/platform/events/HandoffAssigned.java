package com.smartsupport.platform.events;

/**
 * A case was given to an agent (topic {@link Topics#HANDOFF_ASSIGNMENTS}).
 *
 * @param escalationId the case
 * @param agentId      the agent it was assigned to
 * @param agentName    their display name
 */
public record HandoffAssigned(String escalationId, String agentId, String agentName) implements EventPayload {
    public static final String TYPE = "handoff.assigned";

    @Override
    public String eventType() {
        return TYPE;
    }
}
