package com.smartsupport.platform.events;

/**
 * The agent who held a conversation handed it back to the assistant (topic {@link Topics#HANDOFF_AGENT_MESSAGES}):
 * from here the assistant answers again, with the agent's note in its prompt as data.
 *
 * @param note what the agent tells the assistant (never shown to the customer), at most 1,000 characters
 */
public record AgentHandedBack(String escalationId, String agentId, String agentName, String note)
        implements EventPayload {
    public static final String TYPE = "agent.handed_back";

    @Override
    public String eventType() {
        return TYPE;
    }
}
