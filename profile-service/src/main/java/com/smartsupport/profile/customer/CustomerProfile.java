package com.smartsupport.profile.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

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
            LocalDate warrantyEnd) {}

    public record Preferences(String contactChannel, List<String> interests, List<String> accessibility) {}

    public record Subscription(String plan, String status, LocalDate renewsOn) {}

    /**
     * @param sourceEventId the {@code conversation.closed} event this case came from, if any: appending is
     *                      idempotent by it
     */
    public record SupportCase(
            String caseId, String issue, String resolution, LocalDate date, Integer csat, String sourceEventId) {}
}
