package com.smartsupport.profile.orders;

import com.smartsupport.profile.customer.CustomerProfile.OrderReturn;
import com.smartsupport.profile.customer.CustomerProfile.Purchase;
import com.smartsupport.profile.customer.CustomerProfile.Subscription;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Whether an order can be returned today under the {@link ReturnPolicyProperties return policy}: the rules only,
 * no storage. The delivery date comes from the shipping status ({@code delivered 2026-11-04}: the first date after
 * the word "delivered", any capitalisation).
 */
@Component
public class ReturnEligibility {
    public static final String ELIGIBLE = "eligible";
    public static final String NOT_DELIVERED = "not_delivered";
    public static final String NO_DELIVERY_DATE = "no_delivery_date";
    public static final String WINDOW_CLOSED = "window_closed";
    public static final String ALREADY_RETURNED = "already_returned";
    public static final String CANCELLED = "cancelled";

    static final String FEE_NOTE = "Free for unopened, faulty, damaged or wrong items; deducted from the refund only"
            + " when an opened item is returned because you changed your mind";
    static final String MEMBER_FEE_NOTE = "Free: return shipping costs TechCare Plus members nothing";

    private static final Pattern DELIVERED_ON =
            Pattern.compile("(?<![a-z])(?<!not )delivered\\b.*?(\\d{4}-\\d{2}-\\d{2})", Pattern.CASE_INSENSITIVE);
    private static final Pattern DELIVERED = Pattern.compile("^\\s*delivered\\b", Pattern.CASE_INSENSITIVE);

    private final ReturnPolicyProperties policy;
    private final Clock clock;

    public ReturnEligibility(ReturnPolicyProperties policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** Today, by the clock the rules use. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** The answer for this order of a customer with this subscription (which may be null). */
    public ReturnEligibilityView check(Purchase purchase, Subscription subscription) {
        String id = purchase.orderId();
        String status =
                purchase.orderStatus() == null ? "" : purchase.orderStatus().trim();
        LocalDate deliveredOn = deliveredOn(purchase.shippingStatus());
        if (status.equalsIgnoreCase("cancelled")) {
            return refused(
                    purchase, CANCELLED, id + " was cancelled, so there is nothing to return.", deliveredOn, null);
        }
        if (!purchase.returns().isEmpty()) {
            OrderReturn last = purchase.returns().getLast();
            return refused(
                    purchase,
                    ALREADY_RETURNED,
                    id + " already has a return (" + last.rma() + ", " + describe(last) + "), so it cannot be returned"
                            + " again.",
                    deliveredOn,
                    null);
        }
        if (status.equalsIgnoreCase("returned")) {
            return refused(purchase, ALREADY_RETURNED, id + " has already been returned.", deliveredOn, null);
        }
        boolean delivered = status.equalsIgnoreCase("delivered")
                || deliveredOn != null
                || (purchase.shippingStatus() != null
                        && DELIVERED.matcher(purchase.shippingStatus()).find());
        if (!delivered) {
            return refused(
                    purchase,
                    NOT_DELIVERED,
                    id + " has not been delivered yet; it can be returned within " + policy.windowDays()
                            + " days once it arrives.",
                    null,
                    null);
        }
        if (deliveredOn == null) {
            return refused(
                    purchase,
                    NO_DELIVERY_DATE,
                    id + " has no delivery date on record, so its return window cannot be worked out; a support"
                            + " agent can check it.",
                    null,
                    null);
        }
        LocalDate returnBy = policy.returnBy(deliveredOn);
        LocalDate today = today();
        if (today.isAfter(returnBy)) {
            String warranty =
                    purchase.warrantyEnd() != null && !purchase.warrantyEnd().isBefore(today)
                            ? "; a fault is covered by the warranty until " + purchase.warrantyEnd()
                            : "";
            return refused(
                    purchase,
                    WINDOW_CLOSED,
                    "The return window for " + id + " ended on " + returnBy + " (it was delivered on " + deliveredOn
                            + ")" + warranty + ".",
                    deliveredOn,
                    returnBy);
        }
        boolean member = subscription != null && subscription.isTechCarePlusOn(today);
        return new ReturnEligibilityView(
                id,
                purchase.product(),
                true,
                ELIGIBLE,
                id + " was delivered on " + deliveredOn + " and can be returned until " + returnBy + ".",
                deliveredOn,
                returnBy,
                purchase.price(),
                purchase.currency(),
                member ? BigDecimal.ZERO : policy.changeOfMindFee(),
                member ? MEMBER_FEE_NOTE : FEE_NOTE);
    }

    /** The delivery date in a shipping status such as {@code delivered 2026-11-04}, or null. */
    static LocalDate deliveredOn(String shippingStatus) {
        if (shippingStatus == null) {
            return null;
        }
        Matcher m = DELIVERED_ON.matcher(shippingStatus);
        if (!m.find()) {
            return null;
        }
        try {
            return LocalDate.parse(m.group(1));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String describe(OrderReturn r) {
        return r.status() == null
                ? "requested"
                : switch (r.status()) {
                    case REQUESTED -> "requested";
                    case LABEL_SENT -> "label sent";
                    case RECEIVED -> "parcel received";
                    case REFUNDED -> "refunded";
                };
    }

    private static ReturnEligibilityView refused(
            Purchase purchase, String reason, String explanation, LocalDate deliveredOn, LocalDate returnBy) {
        return new ReturnEligibilityView(
                purchase.orderId(),
                purchase.product(),
                false,
                reason,
                explanation,
                deliveredOn,
                returnBy,
                null,
                purchase.currency(),
                null,
                null);
    }
}
