package com.smartsupport.profile.orders;

import com.smartsupport.profile.customer.CustomerProfile;
import com.smartsupport.profile.customer.CustomerProfile.OrderReturn;
import com.smartsupport.profile.customer.CustomerProfile.Purchase;
import com.smartsupport.profile.customer.CustomerProfile.ReturnStatus;
import com.smartsupport.profile.customer.ProfileService;
import com.smartsupport.profile.customer.Refusals;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Returns of a customer's orders, kept on the order in the profile. Each write is one conditional update of the
 * profile document, so that two requests at once cannot create two returns or move one twice; when the condition
 * no longer holds, the request is decided again on what is stored now.
 */
@Service
public class Returns {
    /** Order ids as the shop writes them ({@code ORD-77812}), a little more lenient. */
    static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    static final Pattern RMA = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final String RMA_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How many times a write whose condition stopped holding is decided again before the caller is told to retry. */
    private static final int ATTEMPTS = 3;

    private final ProfileService profiles;
    private final ReturnEligibility eligibility;
    private final ReturnPolicyProperties policy;
    private final Clock clock;

    Returns(ProfileService profiles, ReturnEligibility eligibility, ReturnPolicyProperties policy, Clock clock) {
        this.profiles = profiles;
        this.eligibility = eligibility;
        this.policy = policy;
        this.clock = clock;
    }

    /** A return, and whether this request created it (false: the same Idempotency-Key had already). */
    record Requested(ReturnView view, boolean created) {}

    /** Whether the customer's order can be returned today; an order they do not have is a 404. */
    Mono<ReturnEligibilityView> eligibility(String customerId, String orderId) {
        checkOrderId(orderId);
        return profile(customerId)
                .map(profile -> eligibility.check(purchase(profile, orderId), profile.subscription()));
    }

    /**
     * Starts a return of the order: {@code 409} with the reason when it cannot be returned. The same key again
     * answers the return it created, changing nothing.
     */
    Mono<Requested> request(String customerId, String orderId, String reason, String note, String key) {
        checkOrderId(orderId);
        return request(customerId, orderId, reason, note, key, 1);
    }

    private Mono<Requested> request(
            String customerId, String orderId, String reason, String note, String key, int attempt) {
        return profile(customerId).flatMap(profile -> {
            Optional<Mono<Requested>> replay = replay(profile, orderId, key);
            if (replay.isPresent()) {
                return replay.get();
            }
            Purchase purchase = purchase(profile, orderId);
            ReturnEligibilityView answer = eligibility.check(purchase, profile.subscription());
            if (!answer.eligible()) {
                return Mono.error(Refusals.conflict(answer.reason(), answer.explanation()));
            }
            if (attempt > ATTEMPTS) {
                return Mono.error(tryAgain(orderId));
            }
            Instant now =
                    clock.instant().truncatedTo(ChronoUnit.MILLIS); // as MongoDB keeps it: a replay answers the same
            OrderReturn created = new OrderReturn(newRma(), ReturnStatus.REQUESTED, reason, note, now, now, key);
            // the order as it was decided on, still without a return, and the key not used on any order
            Criteria condition = Criteria.where("purchases")
                    .elemMatch(Criteria.where("orderId")
                            .is(orderId)
                            .and("orderStatus")
                            .is(purchase.orderStatus())
                            .and("shippingStatus")
                            .is(purchase.shippingStatus())
                            // no return yet ("returns.0" is missing for an empty list too, in every server)
                            .and("returns.0")
                            .exists(false))
                    .and("purchases.returns.requestKey")
                    .ne(key);
            Update update = new Update()
                    .push("purchases.$[order].returns", created)
                    .filterArray(Criteria.where("order.orderId").is(orderId));
            return profiles.updateIf(customerId, condition, update, "return-requested")
                    .map(saved -> new Requested(ReturnView.of(orderId, created, policy.dropOffDays()), true))
                    .switchIfEmpty(Mono.defer(() -> request(customerId, orderId, reason, note, key, attempt + 1)));
        });
    }

    /**
     * Moves a return forward ({@code REQUESTED} → {@code LABEL_SENT} → {@code RECEIVED} → {@code REFUNDED}; steps
     * may be skipped); the status it already has changes nothing, an earlier one is a {@code 409}. A refund marks
     * the order {@code returned}.
     */
    Mono<ReturnView> advance(String customerId, String orderId, String rma, ReturnStatus to) {
        checkOrderId(orderId);
        if (!RMA.matcher(rma).matches()) {
            return Mono.error(Refusals.badRequest("A return number looks like RMA-7KQ2M9XD"));
        }
        return advance(customerId, orderId, rma, to, 1);
    }

    private Mono<ReturnView> advance(String customerId, String orderId, String rma, ReturnStatus to, int attempt) {
        return profile(customerId).flatMap(profile -> {
            OrderReturn current = purchase(profile, orderId).returns().stream()
                    .filter(r -> rma.equals(r.rma()))
                    .findFirst()
                    .orElseThrow(() -> Refusals.notFound("Order " + orderId + " has no return " + rma));
            ReturnStatus from = current.status() == null ? ReturnStatus.REQUESTED : current.status();
            if (from == to) {
                return Mono.just(ReturnView.of(orderId, current, policy.dropOffDays()));
            }
            if (to.compareTo(from) < 0) {
                return Mono.error(Refusals.conflict(
                        "backwards",
                        "Return " + rma + " is already " + from + ": a return only moves forward (REQUESTED,"
                                + " LABEL_SENT, RECEIVED, REFUNDED)"));
            }
            if (attempt > ATTEMPTS) {
                return Mono.error(tryAgain(orderId));
            }
            Criteria condition = Criteria.where("purchases")
                    .elemMatch(Criteria.where("orderId")
                            .is(orderId)
                            .and("returns")
                            .elemMatch(
                                    Criteria.where("rma").is(rma).and("status").is(current.status())));
            Update update = new Update()
                    .set("purchases.$[order].returns.$[ret].status", to)
                    .set(
                            "purchases.$[order].returns.$[ret].updatedAt",
                            clock.instant().truncatedTo(ChronoUnit.MILLIS))
                    .filterArray(Criteria.where("order.orderId").is(orderId))
                    .filterArray(Criteria.where("ret.rma").is(rma));
            if (to == ReturnStatus.REFUNDED) {
                update.set("purchases.$[order].orderStatus", "returned");
            }
            return profiles.updateIf(customerId, condition, update, "return-updated")
                    .map(saved -> ReturnView.of(orderId, find(saved, orderId, rma), policy.dropOffDays()))
                    .switchIfEmpty(Mono.defer(() -> advance(customerId, orderId, rma, to, attempt + 1)));
        });
    }

    /** The answer to a key already used: its return, if it was for this order; a 409 if for another. */
    private Optional<Mono<Requested>> replay(CustomerProfile profile, String orderId, String key) {
        for (Purchase p : profile.purchases()) {
            for (OrderReturn r : p.returns()) {
                if (key.equals(r.requestKey())) {
                    return Optional.of(
                            Objects.equals(p.orderId(), orderId)
                                    ? Mono.just(new Requested(ReturnView.of(orderId, r, policy.dropOffDays()), false))
                                    : Mono.error(Refusals.conflict(
                                            "idempotency_key_reused",
                                            "This Idempotency-Key was already used for a return of another order")));
                }
            }
        }
        return Optional.empty();
    }

    private Mono<CustomerProfile> profile(String customerId) {
        return profiles.find(customerId).switchIfEmpty(Mono.error(ProfileService::notFound));
    }

    private static Purchase purchase(CustomerProfile profile, String orderId) {
        return profile.purchases().stream()
                .filter(p -> orderId.equals(p.orderId()))
                .findFirst()
                .orElseThrow(() -> Refusals.notFound("This customer has no order " + orderId));
    }

    private static OrderReturn find(CustomerProfile profile, String orderId, String rma) {
        return purchase(profile, orderId).returns().stream()
                .filter(r -> rma.equals(r.rma()))
                .findFirst()
                .orElseThrow(() -> Refusals.notFound("Order " + orderId + " has no return " + rma));
    }

    static void checkOrderId(String orderId) {
        if (!ORDER_ID.matcher(orderId).matches()) {
            throw Refusals.badRequest("An order id is 1 to 40 letters, digits, '-' or '_', such as ORD-77812");
        }
    }

    private static RuntimeException tryAgain(String orderId) {
        return Refusals.conflict(
                "changed_meanwhile", "Order " + orderId + " changed while this request was handled; please try again");
    }

    static String newRma() {
        StringBuilder s = new StringBuilder("RMA-");
        for (int i = 0; i < 8; i++) {
            s.append(RMA_ALPHABET.charAt(RANDOM.nextInt(RMA_ALPHABET.length())));
        }
        return s.toString();
    }
}
