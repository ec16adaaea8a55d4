package com.smartsupport.platform.events;

import java.util.List;

/**
 * An agent's routing settings as the administration holds them (topic {@link Topics#AGENTS_CHANGED}, compacted,
 * key = the agent id): escalation-service routes by them.
 *
 * @param agentId   the agent
 * @param name      their display name
 * @param languages the conversation languages they take (ISO 639-1); empty: any
 * @param maxCases  how many cases they hold at once
 * @param status    {@code INVITED}, {@code ACTIVE} or {@code DEACTIVATED}
 */
public record AgentChanged(String agentId, String name, List<String> languages, int maxCases, String status)
        implements EventPayload {
    public static final String TYPE = "agent.changed";

    public AgentChanged {
        languages = languages == null ? List.of() : List.copyOf(languages);
    }

    @Override
    public String eventType() {
        return TYPE;
    }
}
