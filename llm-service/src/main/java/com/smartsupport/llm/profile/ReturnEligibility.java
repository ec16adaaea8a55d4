package com.smartsupport.llm.profile;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * profile-service's answer to whether one of a customer's orders can be returned; {@code reason} is
 * {@code eligible} or why not, {@code explanation} one sentence for the customer.
 */
public record ReturnEligibility(
        String orderId,
        String product,
        boolean eligible,
        String reason,
        String explanation,
        LocalDate deliveredOn,
        LocalDate returnBy,
        BigDecimal refundAmount,
        String currency,
        BigDecimal returnShippingFee,
        String feeNote) {}
