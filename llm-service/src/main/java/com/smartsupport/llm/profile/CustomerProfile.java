package com.smartsupport.llm.profile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * llm-service's own read model of a customer profile, as profile-service serves it. Every part may be missing;
 * the record normalises lists so that prompt code never sees null collections.
 */
public record CustomerProfile(
        String id,
        Account account,
        List<Purchase> purchases,
        Preferences preferences,
        Subscription subscription,
        List<SupportCase> supportHistory) {

    public CustomerProfile {
        purchases = purchases == null ? List.of() : purchases;
        supportHistory = supportHistory == null ? List.of() : supportHistory;
    }

    public String firstName() {
        if (account == null || account.name() == null || account.name().isBlank()) {
            return null;
        }
        return account.name().trim().split("\\s+")[0];
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

    /**
     * @param pausedUntil  while paused, the day the plan counts as active again
     * @param lastPausedOn when it was last paused (a plan can be paused once in any 12 months)
     */
    public record Subscription(
            String plan, String status, LocalDate renewsOn, LocalDate pausedUntil, LocalDate lastPausedOn) {
        public Subscription(String plan, String status, LocalDate renewsOn) {
            this(plan, status, renewsOn, null, null);
        }

        /** The status on a day: a pause that has ended counts as active, as profile-service counts it. */
        public String statusOn(LocalDate day) {
            return "paused".equalsIgnoreCase(status) && pausedUntil != null && !day.isBefore(pausedUntil)
                    ? "active"
                    : status;
        }
    }

    public record SupportCase(String caseId, String issue, String resolution, LocalDate date, Integer csat) {}
}
