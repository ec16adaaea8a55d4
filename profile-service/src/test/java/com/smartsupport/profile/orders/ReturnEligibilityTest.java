package com.smartsupport.profile.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.profile.customer.CustomerProfile.OrderReturn;
import com.smartsupport.profile.customer.CustomerProfile.Purchase;
import com.smartsupport.profile.customer.CustomerProfile.ReturnStatus;
import com.smartsupport.profile.customer.CustomerProfile.Subscription;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The return rules on a fixed "today", 2026-12-05. */
class ReturnEligibilityTest {
    static final LocalDate TODAY = LocalDate.of(2026, 12, 5);
    static final Subscription NONE = new Subscription("none", "inactive", null);

    final ReturnEligibility rules = rulesOn(TODAY);

    static ReturnEligibility rulesOn(LocalDate today) {
        return new ReturnEligibility(
                ReturnPolicyProperties.defaults(),
                Clock.fixed(today.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
    }

    static Purchase order(String orderStatus, String shippingStatus) {
        return new Purchase(
                "ORD-1001",
                "SoundWave Buds",
                "SW-B2",
                null,
                new BigDecimal("129.00"),
                "EUR",
                LocalDate.of(2026, 11, 1),
                orderStatus,
                shippingStatus,
                LocalDate.of(2027, 11, 1));
    }

    @Test
    void anOrderDeliveredWithinThirtyDaysIsEligibleWithTheRefundAndTheChangeOfMindFee() {
        var answer = rules.check(order("delivered", "delivered 2026-11-10"), NONE);

        assertThat(answer.eligible()).isTrue();
        assertThat(answer.reason()).isEqualTo("eligible");
        assertThat(answer.deliveredOn()).isEqualTo(LocalDate.of(2026, 11, 10));
        assertThat(answer.returnBy()).isEqualTo(LocalDate.of(2026, 12, 10));
        assertThat(answer.refundAmount()).isEqualByComparingTo("129.00");
        assertThat(answer.currency()).isEqualTo("EUR");
        assertThat(answer.returnShippingFee()).isEqualByComparingTo("6.95");
        assertThat(answer.feeNote()).contains("changed your mind");
        assertThat(answer.explanation())
                .isEqualTo("ORD-1001 was delivered on 2026-11-10 and can be returned until 2026-12-10.");
    }

    @Test
    void theLastDayOfTheWindowStillCountsAndTheNextDayItIsClosed() {
        var purchase = order("delivered", "delivered 2026-11-05");
        assertThat(rules.check(purchase, NONE).returnBy()).isEqualTo(LocalDate.of(2026, 12, 5));
        assertThat(rules.check(purchase, NONE).eligible()).isTrue();
        assertThat(rulesOn(TODAY.plusDays(1)).check(purchase, NONE).reason()).isEqualTo("window_closed");
    }

    @Test
    void aTechCarePlusMemberPaysNoReturnShippingWhileTheBenefitsLast() {
        var purchase = order("delivered", "delivered 2026-11-10");
        var active = new Subscription("techcare plus", "active", LocalDate.of(2027, 1, 10));
        assertThat(rules.check(purchase, active).returnShippingFee()).isEqualByComparingTo("0");
        assertThat(rules.check(purchase, active).feeNote()).contains("TechCare Plus");

        // paused: no benefits until the pause is over
        var paused = new Subscription(
                "TechCare Plus", "paused", LocalDate.of(2027, 2, 10), LocalDate.of(2026, 12, 20), TODAY, null, "k");
        assertThat(rules.check(purchase, paused).returnShippingFee()).isEqualByComparingTo("6.95");
        // from the day the pause ends, they are back
        assertThat(rulesOn(LocalDate.of(2026, 12, 20))
                        .check(order("delivered", "delivered 2026-12-01"), paused)
                        .returnShippingFee())
                .isEqualByComparingTo("0");

        // cancelled: benefits until the end date
        var cancelled = new Subscription(
                "TechCare Plus", "cancelled", LocalDate.of(2027, 1, 10), null, null, LocalDate.of(2027, 1, 10), "k");
        assertThat(rules.check(purchase, cancelled).returnShippingFee()).isEqualByComparingTo("0");
        var ended = new Subscription("TechCare Plus", "cancelled", null, null, null, LocalDate.of(2026, 12, 1), "k");
        assertThat(rules.check(purchase, ended).returnShippingFee()).isEqualByComparingTo("6.95");

        // another plan, or none at all
        assertThat(rules.check(purchase, new Subscription("Basic Care", "active", null))
                        .returnShippingFee())
                .isEqualByComparingTo("6.95");
        assertThat(rules.check(purchase, null).returnShippingFee()).isEqualByComparingTo("6.95");
    }

    @Test
    void aHolidayDeliveryMayBeReturnedUntilTheEndOfJanuary() {
        var novemberSixteenth = order("delivered", "delivered 2026-11-16");
        assertThat(rules.check(novemberSixteenth, NONE).returnBy()).isEqualTo(LocalDate.of(2027, 1, 31));

        var fifteenth = order("delivered", "delivered 2025-11-15");
        var fourteenth = order("delivered", "delivered 2025-11-14");
        var newYearsEve = order("delivered", "delivered 2025-12-31");
        var inJanuary = rulesOn(LocalDate.of(2026, 1, 31));
        assertThat(inJanuary.check(fifteenth, NONE).eligible()).isTrue();
        assertThat(inJanuary.check(newYearsEve, NONE).eligible()).isTrue();
        assertThat(inJanuary.check(fourteenth, NONE).reason()).isEqualTo("window_closed");
        assertThat(inJanuary.check(fourteenth, NONE).returnBy()).isEqualTo(LocalDate.of(2025, 12, 14));
        var february = rulesOn(LocalDate.of(2026, 2, 1));
        assertThat(february.check(newYearsEve, NONE).reason()).isEqualTo("window_closed");
        assertThat(february.check(newYearsEve, NONE).explanation())
                .startsWith("The return window for ORD-1001 ended on 2026-01-31");
    }

    @Test
    void aClosedWindowPointsToTheWarrantyWhileItLasts() {
        var answer = rules.check(order("delivered", "delivered 2026-09-18"), NONE);

        assertThat(answer.eligible()).isFalse();
        assertThat(answer.reason()).isEqualTo("window_closed");
        assertThat(answer.returnBy()).isEqualTo(LocalDate.of(2026, 10, 18));
        assertThat(answer.refundAmount()).isNull();
        assertThat(answer.returnShippingFee()).isNull();
        assertThat(answer.explanation())
                .isEqualTo("The return window for ORD-1001 ended on 2026-10-18 (it was delivered on 2026-09-18);"
                        + " a fault is covered by the warranty until 2027-11-01.");

        var outOfWarranty = rulesOn(LocalDate.of(2027, 11, 2)).check(order("delivered", "delivered 2026-09-18"), NONE);
        assertThat(outOfWarranty.explanation()).doesNotContain("warranty");
    }

    @Test
    void anOrderNotDeliveredYetCanBeReturnedOnceItArrives() {
        for (var purchase : List.of(
                order("shipped", "in transit, carrier ParcelPro, expected 2026-11-27"),
                order("processing", "not yet shipped"),
                order("shipped", "not delivered 2026-12-01: nobody home"),
                order(null, null))) {
            var answer = rules.check(purchase, NONE);
            assertThat(answer.eligible()).isFalse();
            assertThat(answer.reason()).as(purchase.shippingStatus()).isEqualTo("not_delivered");
            assertThat(answer.explanation())
                    .isEqualTo(
                            "ORD-1001 has not been delivered yet; it can be returned within 30 days once it arrives.");
        }
    }

    @Test
    void theDeliveryDateIsTheFirstDateAfterTheWordDeliveredInAnyCase() {
        assertThat(ReturnEligibility.deliveredOn("delivered 2026-11-04")).isEqualTo(LocalDate.of(2026, 11, 4));
        assertThat(ReturnEligibility.deliveredOn("Delivered to a neighbour on 2026-11-04, signed by J."))
                .isEqualTo(LocalDate.of(2026, 11, 4));
        assertThat(ReturnEligibility.deliveredOn("DELIVERED 2026-11-04 (expected 2026-11-03)"))
                .isEqualTo(LocalDate.of(2026, 11, 4));
        assertThat(ReturnEligibility.deliveredOn("shipped 2026-11-01, delivered 2026-11-04"))
                .isEqualTo(LocalDate.of(2026, 11, 4));
        assertThat(ReturnEligibility.deliveredOn("delivered 2026-13-45")).isNull();
        assertThat(ReturnEligibility.deliveredOn("undelivered 2026-11-04")).isNull();
        assertThat(ReturnEligibility.deliveredOn("delivered")).isNull();
        assertThat(ReturnEligibility.deliveredOn(null)).isNull();
        // a shipping status that says delivered counts even before the order status catches up
        assertThat(rules.check(order("shipped", "delivered 2026-12-01"), NONE).eligible())
                .isTrue();
    }

    @Test
    void aDeliveredOrderWithoutADateCannotBeChecked() {
        for (var purchase : List.of(
                order("delivered", null),
                order("delivered", "delivered"),
                order("shipped", "Delivered, left at door"))) {
            var answer = rules.check(purchase, NONE);
            assertThat(answer.eligible()).isFalse();
            assertThat(answer.reason()).isEqualTo("no_delivery_date");
            assertThat(answer.explanation()).startsWith("ORD-1001 has no delivery date on record");
        }
    }

    @Test
    void anOrderWithAReturnOrMarkedReturnedIsAlreadyReturned() {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        for (ReturnStatus status : ReturnStatus.values()) {
            var withReturn = order("delivered", "delivered 2026-11-20")
                    .withReturns(List.of(new OrderReturn("RMA-7KQ2M9XD", status, "faulty", null, at, at, "key-1")));
            var answer = rules.check(withReturn, NONE);
            assertThat(answer.eligible()).isFalse();
            assertThat(answer.reason()).isEqualTo("already_returned");
            assertThat(answer.explanation()).contains("RMA-7KQ2M9XD");
        }
        var returned = rules.check(order("returned", "returned 2026-11-25"), NONE);
        assertThat(returned.reason()).isEqualTo("already_returned");
        assertThat(returned.explanation()).isEqualTo("ORD-1001 has already been returned.");
    }

    @Test
    void aCancelledOrderHasNothingToReturn() {
        var answer = rules.check(order("Cancelled", null), NONE);
        assertThat(answer.eligible()).isFalse();
        assertThat(answer.reason()).isEqualTo("cancelled");
        assertThat(answer.explanation()).isEqualTo("ORD-1001 was cancelled, so there is nothing to return.");
    }

    @Test
    void everyExplanationFitsInAProblemDetail() {
        var longId = "ORD-" + "9".repeat(36);
        var purchase = new Purchase(
                longId,
                "x".repeat(200),
                null,
                null,
                null,
                null,
                null,
                "delivered",
                "delivered 2026-09-18",
                LocalDate.of(2028, 9, 14));
        assertThat(rules.check(purchase, NONE).explanation()).hasSizeLessThanOrEqualTo(200);
    }
}
