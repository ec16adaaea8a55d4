package com.smartsupport.platform.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An action on the customer's account that the assistant proposed, and what became of it (topic
 * {@link Topics#ACTIONS}, keyed by conversation). One record for every step, so each step carries the whole card:
 * {@code action.proposed} (llm-service: the model or the grounded answer asked for it), then from
 * conversation-service {@code action.confirmed} or {@code action.declined} (the customer's choice),
 * {@code action.completed} or {@code action.failed} (what the service that owns the data answered), or
 * {@code action.expired}. The event type follows from {@link #status()}.
 *
 * @param actionId  stable per proposal: derived from the reply and the action, so a reply answered again proposes
 *                  the same action, and consumers apply each step once
 * @param replyId   the assistant reply that proposed it (null if none)
 * @param kind      {@code start_return}, {@code pause_subscription}, {@code cancel_subscription},
 *                  {@code change_contact_preference}
 * @param status    {@link Status}
 * @param arguments what the write needs (order id, reason, months, channel), checked against the customer's own
 *                  data when proposed and again by the owning service when confirmed
 * @param title     the card's heading ("Start a return")
 * @param detail    what will happen, in a sentence or two
 * @param orderId   the order it concerns, if any
 * @param cost      what it costs the customer, if anything
 * @param costNote  what qualifies the cost, if anything
 * @param result    once completed or failed: what happened, in a sentence the customer reads
 * @param proposedAt when it was proposed
 */
public record ActionEvent(
        String actionId,
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
        Instant proposedAt)
        implements EventPayload {
    public static final String TYPE_PREFIX = "action.";

    public ActionEvent {
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(status, "status");
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
    }

    /** A new proposal, stamped now. */
    public static ActionEvent proposal(
            String actionId,
            String replyId,
            String kind,
            Map<String, String> arguments,
            String title,
            String detail,
            String orderId,
            Money cost,
            String costNote) {
        return new ActionEvent(
                actionId,
                replyId,
                kind,
                Status.PROPOSED,
                arguments,
                title,
                detail,
                orderId,
                cost,
                costNote,
                null,
                Instant.now());
    }

    /** The same action at another step, with what happened. */
    public ActionEvent at(Status next, String outcome) {
        return new ActionEvent(
                actionId, replyId, kind, next, arguments, title, detail, orderId, cost, costNote, outcome, proposedAt);
    }

    @Override
    public String eventType() {
        return TYPE_PREFIX + status.name().toLowerCase(Locale.ROOT);
    }

    /** Whether an envelope's type is one of this record's. */
    public static boolean isAction(String type) {
        return type != null && type.startsWith(TYPE_PREFIX);
    }

    public enum Status {
        PROPOSED,
        CONFIRMED,
        DECLINED,
        COMPLETED,
        FAILED,
        EXPIRED;

        /** A step after which nothing more happens to the action. */
        public boolean isFinal() {
            return this != PROPOSED && this != CONFIRMED;
        }
    }

    /** An amount of money in an ISO 4217 currency. */
    public record Money(BigDecimal amount, String currency) {}
}
