package com.smartsupport.profile.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One customer, as one MongoDB document: everything the assistant and the agents need to know about them.
 * Every field may be missing; readers must cope with a sparse record.
 */
@Document("profiles")
public record CustomerProfile(
        @Id @Schema(requiredMode = REQUIRED) String id,
        Account account,
        List<Purchase> purchases,
        Preferences preferences,
        Subscription subscription,
        List<SupportCase> supportHistory,
        Instant updatedAt) {

    public CustomerProfile {
        purchases = purchases == null ? List.of() : purchases;
        supportHistory = supportHistory == null ? List.of() : supportHistory;
    }

    /** The same profile with purchases newest first (undated purchases last). */
    public CustomerProfile withPurchasesNewestFirst() {
        List<Purchase> sorted = purchases.stream()
                .sorted(Comparator.comparing(Purchase::purchaseDate, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .reversed())
                .toList();
        return new CustomerProfile(id, account, sorted, preferences, subscription, supportHistory, updatedAt);
    }

    public record Account(
            String name, String email, String accountNumber, String location, String language, String tier) {}

    /** @param returns the order's returns, oldest first (none: empty) */
    public record Purchase(
            String orderId,
            String product,
            String model,
            Map<String, String> specs,
            BigDecimal price,
            String currency,
            LocalDate purchaseDate,
            String orderStatus,
            String shippingStatus,
            LocalDate warrantyEnd,
            @Schema(requiredMode = REQUIRED) List<OrderReturn> returns) {

        public Purchase {
            returns = returns == null ? List.of() : returns;
        }

        /** A purchase without returns. */
        public Purchase(
                String orderId,
                String product,
                String model,
                Map<String, String> specs,
                BigDecimal price,
                String currency,
                LocalDate purchaseDate,
                String orderStatus,
                String shippingStatus,
                LocalDate warrantyEnd) {
            this(
                    orderId,
                    product,
                    model,
                    specs,
                    price,
                    currency,
                    purchaseDate,
                    orderStatus,
                    shippingStatus,
                    warrantyEnd,
                    List.of());
        }

        /** The same purchase with these returns. */
        public Purchase withReturns(List<OrderReturn> returns) {
            return new Purchase(
                    orderId,
                    product,
                    model,
                    specs,
                    price,
                    currency,
                    purchaseDate,
                    orderStatus,
                    shippingStatus,
                    warrantyEnd,
                    returns);
        }
    }

    /**
     * A return of an order (one at most: a returned order cannot be returned again).
     *
     * @param rma        the return's number, {@code RMA-} and eight letters or digits
     * @param reason     {@code changed_mind}, {@code faulty}, {@code damaged}, {@code wrong_item} or {@code other}
     * @param note       what the customer added, if anything
     * @param requestKey the {@code Idempotency-Key} it was created with: the same key again names this return
     */
    public record OrderReturn(
            @Schema(requiredMode = REQUIRED) String rma,
            @Schema(requiredMode = REQUIRED) ReturnStatus status,
            @Schema(requiredMode = REQUIRED) String reason,
            String note,
            @Schema(requiredMode = REQUIRED) Instant requestedAt,
            @Schema(requiredMode = REQUIRED) Instant updatedAt,
            @JsonIgnore @Schema(hidden = true) String requestKey) {}

    /** Where a return stands; it only moves forward. */
    public enum ReturnStatus {
        REQUESTED,
        LABEL_SENT,
        RECEIVED,
        REFUNDED
    }

    public record Preferences(String contactChannel, List<String> interests, List<String> accessibility) {}

    /**
     * A plan such as TechCare Plus. A pause ends on {@code pausedUntil} (the plan counts as active again from that
     * day); a cancelled plan keeps its benefits until {@code endsOn}.
     *
     * @param status       {@code active}, {@code paused}, {@code cancelled}, {@code inactive} or {@code past_due}
     * @param lastPausedOn when the customer last paused it (a plan may be paused once in any 12 months)
     * @param changeKey    the {@code Idempotency-Key} of the customer's last pause or cancellation
     */
    public record Subscription(
            String plan,
            String status,
            LocalDate renewsOn,
            LocalDate pausedUntil,
            LocalDate lastPausedOn,
            LocalDate endsOn,
            @JsonIgnore @Schema(hidden = true) String changeKey) {

        public static final String TECHCARE_PLUS = "TechCare Plus";

        public Subscription(String plan, String status, LocalDate renewsOn) {
            this(plan, status, renewsOn, null, null, null, null);
        }

        /** The status on this day: a pause that is over counts as {@code active}. */
        public String statusOn(LocalDate day) {
            return "paused".equals(status) && pausedUntil != null && !day.isBefore(pausedUntil) ? "active" : status;
        }

        /** Whether its benefits apply on this day: active (a pause over included), or cancelled but not ended. */
        public boolean benefitsOn(LocalDate day) {
            String now = statusOn(day);
            return "active".equals(now) || "cancelled".equals(now) && endsOn != null && !day.isAfter(endsOn);
        }

        /**
         * This subscription (as the CRM writes it: plan, status, renewal) with what only this service knows kept
         * from the stored one: when it was last paused and the key of the customer's last change, and the pause or
         * end date while the status stays the same.
         */
        public Subscription keepingHistoryOf(Subscription stored) {
            if (stored == null) {
                return this;
            }
            boolean same = status != null && status.equals(stored.status());
            return new Subscription(
                    plan,
                    status,
                    renewsOn,
                    same ? stored.pausedUntil() : null,
                    stored.lastPausedOn(),
                    same ? stored.endsOn() : null,
                    stored.changeKey());
        }

        /** Whether it is TechCare Plus (any capitalisation) with its benefits on this day. */
        public boolean isTechCarePlusOn(LocalDate day) {
            return plan != null && TECHCARE_PLUS.equalsIgnoreCase(plan.trim()) && benefitsOn(day);
        }
    }

    /**
     * @param sourceEventId the {@code conversation.closed} event this case came from, if any: appending is
     *                      idempotent by it
     */
    public record SupportCase(
            String caseId, String issue, String resolution, LocalDate date, Integer csat, String sourceEventId) {}
}
