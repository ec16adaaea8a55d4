package com.smartsupport.conversation.actions;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.smartsupport.platform.events.ActionEvent;
import com.smartsupport.platform.events.ActionEvent.Money;
import com.smartsupport.platform.events.ActionEvent.Status;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An action as the customer's card shows it (in the transcript, in the confirm and decline answers, and on the
 * customer's event stream for every step). Its arguments stay inside the services.
 *
 * @param replyId    the assistant reply that proposed it: the card goes under that reply
 * @param title      the card's heading
 * @param detail     what will happen
 * @param cost       what it costs the customer; null: nothing
 * @param result     once completed or failed, what happened
 * @param decidedAt  when the customer confirmed or declined it
 */
public record ActionView(
        @Schema(requiredMode = REQUIRED) String actionId,

        @Schema(
                requiredMode = REQUIRED,
                types = {"string", "null"})
        String replyId,

        @Schema(
                requiredMode = REQUIRED,
                allowableValues = {
                    "start_return",
                    "pause_subscription",
                    "cancel_subscription",
                    "change_contact_preference"
                })
        String kind,

        @Schema(requiredMode = REQUIRED) Status status,
        @Schema(requiredMode = REQUIRED) String title,
        @Schema(requiredMode = REQUIRED) String detail,

        @Schema(
                requiredMode = REQUIRED,
                types = {"string", "null"})
        String orderId,

        @Schema(
                requiredMode = REQUIRED,
                types = {"object", "null"})
        Cost cost,

        @Schema(
                requiredMode = REQUIRED,
                types = {"string", "null"})
        String costNote,

        @Schema(
                requiredMode = REQUIRED,
                types = {"string", "null"})
        String result,

        @Schema(requiredMode = REQUIRED) Instant proposedAt,

        @Schema(
                requiredMode = REQUIRED,
                types = {"string", "null"},
                format = "date-time")
        Instant decidedAt) {

    /** What an action costs the customer: an amount in an ISO 4217 currency. */
    public record Cost(
            @Schema(requiredMode = REQUIRED) BigDecimal amount,
            @Schema(requiredMode = REQUIRED) String currency) {
        static Cost of(Money money) {
            return money == null ? null : new Cost(money.amount(), money.currency());
        }
    }

    static ActionView of(Action a) {
        return of(a.event(), a.decidedAt(), a.proposedAt());
    }

    /** A step as the event carries it (a stream pushes it before or without reading the stored action). */
    public static ActionView of(ActionEvent e, Instant occurredAt) {
        return of(e, e.status() == Status.PROPOSED ? null : occurredAt, e.proposedAt());
    }

    private static ActionView of(ActionEvent e, Instant decidedAt, Instant proposedAt) {
        return new ActionView(
                e.actionId(),
                e.replyId(),
                e.kind(),
                e.status(),
                nonNull(e.title()),
                nonNull(e.detail()),
                e.orderId(),
                Cost.of(e.cost()),
                e.costNote(),
                e.result(),
                proposedAt,
                decidedAt);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
