package com.smartsupport.profile.orders;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Whether an order can be returned today, and on what terms.
 *
 * @param reason            {@code eligible}, {@code not_delivered}, {@code no_delivery_date}, {@code window_closed},
 *                          {@code already_returned} or {@code cancelled}
 * @param explanation       the answer in one plain sentence, for the customer
 * @param deliveredOn       the delivery date, when known
 * @param returnBy          the last day it may be returned, when known
 * @param refundAmount      what is refunded (the price paid), when eligible and the price is known
 * @param returnShippingFee the fee deducted from the refund for an opened item returned for a change of mind (0 for a
 *                          TechCare Plus member), when eligible
 * @param feeNote           when the fee applies, when eligible
 */
public record ReturnEligibilityView(
        @Schema(requiredMode = REQUIRED) String orderId,
        String product,
        @Schema(requiredMode = REQUIRED) boolean eligible,

        @Schema(
                requiredMode = REQUIRED,
                allowableValues = {
                    "eligible",
                    "not_delivered",
                    "no_delivery_date",
                    "window_closed",
                    "already_returned",
                    "cancelled"
                })
        String reason,

        @Schema(requiredMode = REQUIRED) String explanation,
        LocalDate deliveredOn,
        LocalDate returnBy,
        BigDecimal refundAmount,
        String currency,
        BigDecimal returnShippingFee,
        String feeNote) {}
