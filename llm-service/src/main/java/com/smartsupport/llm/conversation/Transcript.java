package com.smartsupport.llm.conversation;

import java.time.Instant;
import java.util.List;

/** llm-service's read model of a transcript, as conversation-service serves it. */
public record Transcript(String conversationId, String customerId, String status, List<Turn> messages) {
    public Transcript {
        messages = messages == null ? List.of() : messages;
    }

    public static Transcript empty(String conversationId) {
        return new Transcript(conversationId, null, null, List.of());
    }

    /** @param role customer, assistant, agent or system */
    public record Turn(String messageId, String role, String text, Instant time, String source) {
    }

    /** A human agent holds the conversation (or it is closed): the assistant must not answer. */
    public boolean heldByAgent() {
        return "WITH_AGENT".equals(status) || "CLOSED".equals(status);
    }

    public boolean hasMessage(String messageId) {
        return messages.stream().anyMatch(m -> messageId.equals(m.messageId()));
    }
}
