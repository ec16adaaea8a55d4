package com.smartsupport.platform.events;

/**
 * An agent accepted a case and now holds the conversation (topic {@link Topics#HANDOFF_AGENT_MESSAGES}); from
 * here the assistant stays silent.
 */
public record AgentJoined(String escalationId, String agentId, String agentName) implements EventPayload {
    public static final String TYPE = "agent.joined";

    @Override
    public String eventType() {
        return TYPE;
    }
}
