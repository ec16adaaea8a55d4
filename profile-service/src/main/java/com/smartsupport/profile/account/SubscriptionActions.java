package com.smartsupport.profile.account;

import com.smartsupport.profile.customer.CustomerProfile;
import com.smartsupport.profile.customer.CustomerProfile.Subscription;
import com.smartsupport.profile.customer.ProfileService;
import com.smartsupport.profile.customer.Refusals;
import java.time.Clock;
import java.time.LocalDate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The customer pauses or cancels their plan (the rules of the "Pausing or cancelling TechCare Plus" article). Each
 * change is one conditional update on the subscription as it was read, and remembers the request's
 * {@code Idempotency-Key}: the same key again answers the same plan, changing nothing.
 */
@Service
class SubscriptionActions {
    static final String NOT_ACTIVE = "not_active";
    static final String PAUSED_RECENTLY = "paused_recently";
    static final String ALREADY_CANCELLED = "already_cancelled";
    static final String KEY_REUSED = "idempotency_key_reused";
    private static final int ATTEMPTS = 3;

    private final ProfileService profiles;
    private final Clock clock;

    SubscriptionActions(ProfileService profiles, Clock clock) {
        this.profiles = profiles;
        this.clock = clock;
    }

    /**
     * Pauses an active plan for 1 to 3 months, once in any 12 months: {@code pausedUntil} is today plus the months,
     * the renewal moves later by as much.
     */
    Mono<SubscriptionView> pause(String customerId, int months, String key) {
        return pause(customerId, months, key, 1);
    }

    private Mono<SubscriptionView> pause(String customerId, int months, String key, int attempt) {
        return profile(customerId).flatMap(profile -> {
            Subscription s = profile.subscription();
            LocalDate today = LocalDate.now(clock);
            if (s != null && key.equals(s.changeKey())) {
                return "paused".equals(s.status()) ? Mono.just(SubscriptionView.of(s)) : Mono.error(keyReused());
            }
            if (s == null || !"active".equals(s.statusOn(today))) {
                return Mono.error(Refusals.conflict(
                        NOT_ACTIVE,
                        s == null || s.status() == null
                                ? "There is no active plan to pause."
                                : name(s) + " is " + s.status()
                                        + ", so it cannot be paused; only an active plan can."));
            }
            if (s.lastPausedOn() != null && today.isBefore(s.lastPausedOn().plusMonths(12))) {
                return Mono.error(Refusals.conflict(
                        PAUSED_RECENTLY,
                        name(s) + " was last paused on " + s.lastPausedOn() + "; a plan can be paused once in any 12"
                                + " months, so next from " + s.lastPausedOn().plusMonths(12) + "."));
            }
            if (attempt > ATTEMPTS) {
                return Mono.error(tryAgain());
            }
            Subscription paused = new Subscription(
                    s.plan(),
                    "paused",
                    s.renewsOn() == null ? null : s.renewsOn().plusMonths(months),
                    today.plusMonths(months),
                    today,
                    null,
                    key);
            return write(customerId, s, paused, "subscription-paused")
                    .switchIfEmpty(Mono.defer(() -> pause(customerId, months, key, attempt + 1)));
        });
    }

    /**
     * Cancels an active or paused plan: its benefits stay until the renewal date ({@code endsOn}; today if there is
     * none or it has passed), and it is not charged again.
     */
    Mono<SubscriptionView> cancel(String customerId, String key) {
        return cancel(customerId, key, 1);
    }

    private Mono<SubscriptionView> cancel(String customerId, String key, int attempt) {
        return profile(customerId).flatMap(profile -> {
            Subscription s = profile.subscription();
            LocalDate today = LocalDate.now(clock);
            if (s != null && key.equals(s.changeKey())) {
                return "cancelled".equals(s.status()) ? Mono.just(SubscriptionView.of(s)) : Mono.error(keyReused());
            }
            if (s != null && "cancelled".equals(s.status())) {
                return Mono.error(Refusals.conflict(
                        ALREADY_CANCELLED,
                        name(s) + " is already cancelled" + (s.endsOn() == null ? "" : "; it ends on " + s.endsOn())
                                + "."));
            }
            String status = s == null ? null : s.statusOn(today);
            if (!"active".equals(status) && !"paused".equals(status)) {
                return Mono.error(Refusals.conflict(
                        NOT_ACTIVE,
                        s == null || s.status() == null
                                ? "There is no plan to cancel."
                                : name(s) + " is " + s.status() + ", so there is nothing to cancel."));
            }
            if (attempt > ATTEMPTS) {
                return Mono.error(tryAgain());
            }
            LocalDate endsOn = s.renewsOn() == null || s.renewsOn().isBefore(today) ? today : s.renewsOn();
            Subscription cancelled = new Subscription(
                    s.plan(), "cancelled", s.renewsOn(), s.pausedUntil(), s.lastPausedOn(), endsOn, key);
            return write(customerId, s, cancelled, "subscription-cancelled")
                    .switchIfEmpty(Mono.defer(() -> cancel(customerId, key, attempt + 1)));
        });
    }

    /** Replaces the subscription if it is still as it was read; empty if it changed meanwhile. */
    private Mono<SubscriptionView> write(String customerId, Subscription read, Subscription next, String change) {
        Criteria condition = Criteria.where("subscription.plan")
                .is(read.plan())
                .and("subscription.status")
                .is(read.status())
                .and("subscription.renewsOn")
                .is(read.renewsOn())
                .and("subscription.pausedUntil")
                .is(read.pausedUntil())
                .and("subscription.lastPausedOn")
                .is(read.lastPausedOn())
                .and("subscription.endsOn")
                .is(read.endsOn())
                .and("subscription.changeKey")
                .is(read.changeKey());
        return profiles.updateIf(customerId, condition, Update.update("subscription", next), change)
                .map(saved -> SubscriptionView.of(saved.subscription()));
    }

    private Mono<CustomerProfile> profile(String customerId) {
        return profiles.find(customerId).switchIfEmpty(Mono.error(ProfileService::notFound));
    }

    private static String name(Subscription s) {
        return s.plan() == null || s.plan().isBlank() ? "Your plan" : s.plan();
    }

    private static RuntimeException keyReused() {
        return Refusals.conflict(
                KEY_REUSED, "This Idempotency-Key was already used for another change of the subscription");
    }

    private static RuntimeException tryAgain() {
        return Refusals.conflict(
                "changed_meanwhile", "The plan changed while this request was handled; please try again");
    }
}
