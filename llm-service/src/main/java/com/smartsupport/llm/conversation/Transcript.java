package com.smartsupport.llm.conversation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;

/**
 * llm-service's read model of a transcript, as conversation-service serves it: the messages, the actions the
 * assistant proposed in the conversation with what became of them, and the note of an agent who handed the
 * conversation back to the assistant.
 */
public record Transcript(
        String conversationId,
        String customerId,
        String status,
        List<Turn> messages,
        List<ActionTaken> actions,
        HandBack handBack) {
    public Transcript {
        messages = messages == null ? List.of() : messages;
        actions = actions == null ? List.of() : actions;
    }

    public Transcript(String conversationId, String customerId, String status, List<Turn> messages) {
        this(conversationId, customerId, status, messages, List.of(), null);
    }

    /** The agent who last held the conversation handed it back to the assistant with this note (data, for it). */
    public record HandBack(String agentName, String note, Instant at) {}

    public static Transcript empty(String conversationId) {
        return new Transcript(conversationId, null, null, List.of());
    }

    /**
     * An action proposed in this conversation.
     *
     * @param status PROPOSED, CONFIRMED, DECLINED, COMPLETED, FAILED or EXPIRED
     * @param result what happened, once it is done or failed
     */
    public record ActionTaken(
            String actionId, String kind, String status, String title, String orderId, String result) {}

    /** @param role who wrote it; null if conversation-service sent none or one this service does not know */
    public record Turn(String messageId, Role role, String text, Instant time, String source) {}

    /** Who wrote a turn, named on the wire as conversation-service names it (lower case). */
    public enum Role {
        CUSTOMER("customer"),
        ASSISTANT("assistant"),
        AGENT("agent"),
        SYSTEM("system");

        private final String wire;

        Role(String wire) {
            this.wire = wire;
        }

        /** The role named exactly as on the wire; null for any other name, which reads as no known role. */
        @JsonCreator
        public static Role of(String wire) {
            for (Role role : values()) {
                if (role.wire.equals(wire)) {
                    return role;
                }
            }
            return null;
        }

        @JsonValue
        public String wire() {
            return wire;
        }
    }

    /** A human agent holds the conversation (or it is closed): the assistant must not answer. */
    public boolean heldByAgent() {
        return "WITH_AGENT".equals(status) || "CLOSED".equals(status);
    }

    public boolean hasMessage(String messageId) {
        return messages.stream().anyMatch(m -> messageId.equals(m.messageId()));
    }
}
