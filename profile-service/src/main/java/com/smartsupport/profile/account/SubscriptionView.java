package com.smartsupport.profile.account;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.smartsupport.profile.customer.CustomerProfile.Subscription;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;

/**
 * The customer's plan after a change, and what happened in one sentence ({@code summary}).
 *
 * @param pausedUntil  the day a pause ends (the plan is active again from then)
 * @param lastPausedOn when it was last paused: once in any 12 months
 * @param endsOn       the last day of a cancelled plan's benefits
 */
public record SubscriptionView(
        String plan,
        @Schema(requiredMode = REQUIRED) String status,
        LocalDate renewsOn,
        LocalDate pausedUntil,
        LocalDate lastPausedOn,
        LocalDate endsOn,
        @Schema(requiredMode = REQUIRED) String summary) {

    static SubscriptionView of(Subscription s) {
        return new SubscriptionView(
                s.plan(), s.status(), s.renewsOn(), s.pausedUntil(), s.lastPausedOn(), s.endsOn(), summary(s));
    }

    private static String summary(Subscription s) {
        String plan = s.plan() == null ? "Your plan" : s.plan();
        return switch (s.status() == null ? "" : s.status()) {
            case "paused" ->
                plan + " is paused until " + s.pausedUntil() + ": you are not charged and its benefits are"
                        + " suspended until then"
                        + (s.renewsOn() == null ? "" : ", and it now renews on " + s.renewsOn())
                        + ".";
            case "cancelled" ->
                plan + " is cancelled: its benefits stay active until " + s.endsOn()
                        + " and you will not be charged again.";
            default -> plan + " is " + s.status() + ".";
        };
    }
}
