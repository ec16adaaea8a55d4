package com.smartsupport.platform.events;

import java.util.List;
import java.util.Set;

/** Every Kafka topic of the system, in one place. Events are keyed by conversation id. See docs/events.md. */
public final class Topics {
    public static final String CUSTOMER_MESSAGES = "chat.customer-messages";
    public static final String ASSISTANT_REPLIES = "chat.assistant-replies";
    public static final String HANDOFF_REQUESTS = "handoff.requests";
    public static final String HANDOFF_ASSIGNMENTS = "handoff.assignments";
    public static final String HANDOFF_AGENT_MESSAGES = "handoff.agent-messages";
    public static final String CONVERSATION_CLOSED = "conversation.closed";
    /** What became of each conversation: resolved by the assistant or an agent, abandoned, unresolved; reopened. */
    public static final String CONVERSATION_OUTCOMES = "conversation.outcomes";

    public static final String PROFILE_CHANGED = "profile.changed";
    /** Knowledge-base changes; no conversation, so keyed by nothing: every llm-service instance reads them all. */
    public static final String KNOWLEDGE_CHANGED = "knowledge.changed";
    /**
     * Sessions ended (an agent deactivated, a password changed), keyed by subject; compacted, so the latest
     * revocation of every subject stays and an instance that starts reads them all.
     */
    public static final String SESSIONS_REVOKED = "sessions.revoked";
    /**
     * Actions on a customer's account: proposed by llm-service, confirmed or declined by the customer and carried
     * out through conversation-service (see {@link ActionEvent}).
     */
    public static final String ACTIONS = "chat.actions";
    /** Agents' routing settings (languages, cap, status) from the administration, keyed by agent; compacted. */
    public static final String AGENTS_CHANGED = "agents.changed";

    /** Suffix of the dead-letter topic that receives a topic's poison events. */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    public static final List<String> ALL = List.of(
            CUSTOMER_MESSAGES,
            ASSISTANT_REPLIES,
            ACTIONS,
            HANDOFF_REQUESTS,
            HANDOFF_ASSIGNMENTS,
            HANDOFF_AGENT_MESSAGES,
            CONVERSATION_CLOSED,
            CONVERSATION_OUTCOMES,
            PROFILE_CHANGED,
            KNOWLEDGE_CHANGED,
            SESSIONS_REVOKED,
            AGENTS_CHANGED);

    /** Topics that keep the latest event per key for good (log compaction) instead of a retention period. */
    public static final Set<String> COMPACTED = Set.of(SESSIONS_REVOKED, AGENTS_CHANGED);

    private Topics() {}
}
