package com.smartsupport.platform.events;

/**
 * An agent wrote to the customer (topic {@link Topics#HANDOFF_AGENT_MESSAGES}); stored once per message id.
 */
public record AgentMessage(String messageId, String escalationId, String agentId, String agentName, String text)
        implements EventPayload {
    public static final String TYPE = "agent.message";

    @Override
    public String eventType() {
        return TYPE;
    }
}
