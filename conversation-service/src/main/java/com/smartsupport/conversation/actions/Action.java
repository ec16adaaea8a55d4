package com.smartsupport.conversation.actions;

import com.smartsupport.platform.events.ActionEvent;
import com.smartsupport.platform.events.ActionEvent.Money;
import com.smartsupport.platform.events.ActionEvent.Status;
import java.time.Instant;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An action on the customer's account that the assistant proposed in a conversation, and what became of it
 * ({@link ActionEvent} says what each field means). Only its customer can confirm it; each step is one conditional
 * update on {@code status}, so it happens once.
 */
@Document("actions")
public record Action(
        @Id String id,
        String conversationId,
        String customerId,
        String replyId,
        String kind,
        Status status,
        Map<String, String> arguments,
        String title,
        String detail,
        String orderId,
        Money cost,
        String costNote,
        String result,
        Instant proposedAt,
        Instant decidedAt,
        Instant finishedAt) {

    public Action {
        arguments = arguments == null ? Map.of() : arguments;
    }

    static Action proposed(String conversationId, String customerId, ActionEvent event, Instant at) {
        return new Action(
                event.actionId(),
                conversationId,
                customerId,
                event.replyId(),
                event.kind(),
                Status.PROPOSED,
                event.arguments(),
                event.title(),
                event.detail(),
                event.orderId(),
                event.cost(),
                event.costNote(),
                null,
                event.proposedAt() == null ? at : event.proposedAt(),
                null,
                null);
    }

    /** This action as an event of its current step. */
    ActionEvent event() {
        return new ActionEvent(
                id, replyId, kind, status, arguments, title, detail, orderId, cost, costNote, result, proposedAt);
    }
}
