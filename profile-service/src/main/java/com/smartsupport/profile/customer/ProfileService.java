package com.smartsupport.profile.customer;

import com.smartsupport.platform.events.ActionEvent;
import com.smartsupport.platform.events.ConversationClosed;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.ProfileChanged;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.profile.customer.CustomerProfile.OrderReturn;
import com.smartsupport.profile.customer.CustomerProfile.Purchase;
import com.smartsupport.profile.customer.CustomerProfile.SupportCase;
import com.smartsupport.profile.customer.ProfileRequests.ProfileRequest;
import com.smartsupport.profile.customer.ProfileRequests.PurchaseRequest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Profile reads and writes. Every write is a single-document update (no transactions needed) and is announced
 * with a {@code profile.changed} event so that caches (llm-service) drop their copy.
 */
@Service
public class ProfileService {
    private static final Logger log = LoggerFactory.getLogger(ProfileService.class);
    private static final Pattern ACCOUNT_NUMBER = Pattern.compile(ProfileRequests.ACCOUNT_NUMBER);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProfileRepository profiles;
    private final ReactiveMongoTemplate mongo;
    private final EventPublisher events;

    ProfileService(ProfileRepository profiles, ReactiveMongoTemplate mongo, EventPublisher events) {
        this.profiles = profiles;
        this.mongo = mongo;
        this.events = events;
    }

    /** The profile as stored, or empty (an export reads it; {@link #byId} answers 404 instead). */
    public Mono<CustomerProfile> find(String customerId) {
        return profiles.findById(customerId);
    }

    /** A profile written as it is (created or replaced): demo data, which a restart writes again. */
    public Mono<CustomerProfile> put(CustomerProfile profile) {
        return profiles.save(profile);
    }

    /** Erases a customer's profile (their logins and conversations are erased by their owners). */
    public Mono<Void> erase(String customerId) {
        return profiles.deleteById(customerId);
    }

    public Mono<CustomerProfile> byId(String customerId) {
        return profiles.findById(customerId)
                .map(CustomerProfile::withPurchasesNewestFirst)
                .switchIfEmpty(Mono.error(() -> notFound()));
    }

    public Mono<CustomerProfile> byEmail(String email) {
        return profiles.findByAccountEmail(email.trim().toLowerCase(Locale.ROOT))
                .map(CustomerProfile::withPurchasesNewestFirst)
                .switchIfEmpty(Mono.error(() -> notFound()));
    }

    public Mono<CustomerProfile> byAccountNumber(String accountNumber) {
        if (!ACCOUNT_NUMBER.matcher(accountNumber).matches()) {
            return Mono.error(
                    new ResponseStatusException(HttpStatus.BAD_REQUEST, "An account number looks like ACC-123456"));
        }
        return profiles.findByAccountAccountNumber(accountNumber)
                .map(CustomerProfile::withPurchasesNewestFirst)
                .switchIfEmpty(Mono.error(() -> notFound()));
    }

    public Mono<CustomerProfile> create(ProfileRequest request) {
        String id = "cus_" + HexFormat.of().formatHex(randomBytes(6));
        String accountNumber = "ACC-" + String.format("%06d", RANDOM.nextInt(1_000_000));
        List<Purchase> purchases = request.purchases() == null
                ? List.of()
                : request.purchases().stream().map(PurchaseRequest::toPurchase).toList();
        rejectDuplicateOrders(purchases);
        var profile = new CustomerProfile(
                id,
                request.account().toAccount(accountNumber),
                purchases,
                request.preferences() == null ? null : request.preferences().toPreferences(),
                request.subscription() == null ? null : request.subscription().toSubscription(),
                List.of(),
                Instant.now());
        return profiles.insert(profile)
                .onErrorMap(DuplicateKeyException.class, ProfileService::conflict)
                .flatMap(saved -> announce(saved.id(), "created").thenReturn(saved.withPurchasesNewestFirst()));
    }

    /** A new customer id, for a profile created elsewhere (a shop's signed-in customer on their first visit). */
    public static String newCustomerId() {
        return "cus_" + HexFormat.of().formatHex(randomBytes(6));
    }

    /**
     * The profile of a customer who signs in through a shop (docs/identity-verification.md): created on the first
     * visit with what the shop's token says (name, e-mail unless another customer has it, language), the name and
     * language kept up to date on later visits; the rest (orders, preferences) comes from the CRM sync.
     */
    public Mono<CustomerProfile> fromShop(String customerId, String name, String email, String language) {
        return profiles.findById(customerId)
                .flatMap(existing -> {
                    var account = existing.account();
                    boolean same = account != null
                            && Objects.equals(account.name(), name)
                            && Objects.equals(account.language(), language);
                    if (same || (name == null && language == null)) {
                        return Mono.just(existing);
                    }
                    Update update = new Update().set("updatedAt", Instant.now());
                    if (name != null) {
                        update.set("account.name", name);
                    }
                    if (language != null) {
                        update.set("account.language", language);
                    }
                    return mongo.updateFirst(
                                    Query.query(Criteria.where("_id").is(customerId)), update, CustomerProfile.class)
                            .then(announce(customerId, "updated"))
                            .then(profiles.findById(customerId));
                })
                .switchIfEmpty(Mono.defer(() -> (email == null
                                ? Mono.just(false)
                                : byEmail(email).hasElement().onErrorReturn(false))
                        // an e-mail another customer already has stays out: a shop's word never joins two people
                        .flatMap(taken -> insertFromShop(customerId, name, taken ? null : email, language))));
    }

    private Mono<CustomerProfile> insertFromShop(String customerId, String name, String email, String language) {
        String accountNumber = "ACC-" + String.format("%06d", RANDOM.nextInt(1_000_000));
        var profile = new CustomerProfile(
                customerId,
                new CustomerProfile.Account(name, email, accountNumber, null, language, null),
                List.of(),
                null,
                null,
                List.of(),
                Instant.now());
        return profiles.insert(profile)
                .onErrorResume(
                        DuplicateKeyException.class,
                        e -> profiles.findById(customerId)
                                // the same customer's first two visits at once: the other one created it
                                .switchIfEmpty(Mono.defer(() -> email == null
                                        ? Mono.error(e)
                                        : insertFromShop(customerId, name, null, language))))
                .flatMap(saved -> announce(saved.id(), "created").thenReturn(saved));
    }

    public Mono<CustomerProfile> replace(String customerId, ProfileRequest request) {
        return byId(customerId).flatMap(existing -> {
            var account = request.account()
                    .toAccount(
                            existing.account() == null
                                    ? null
                                    : existing.account().accountNumber());
            Update update = Update.update("account", account)
                    .set(
                            "preferences",
                            request.preferences() == null
                                    ? null
                                    : request.preferences().toPreferences())
                    .set(
                            "subscription",
                            request.subscription() == null
                                    ? null
                                    : request.subscription().toSubscription().keepingHistoryOf(existing.subscription()))
                    .set("updatedAt", Instant.now());
            if (request.purchases() != null) {
                // an order's returns live here, not in the CRM: an order that stays keeps them
                Map<String, List<OrderReturn>> returns = existing.purchases().stream()
                        .filter(p -> p.orderId() != null && !p.returns().isEmpty())
                        .collect(Collectors.toMap(Purchase::orderId, Purchase::returns, (a, b) -> a));
                List<Purchase> purchases = request.purchases().stream()
                        .map(PurchaseRequest::toPurchase)
                        .map(p -> p.withReturns(returns.getOrDefault(p.orderId(), List.of())))
                        .toList();
                rejectDuplicateOrders(purchases);
                update.set("purchases", purchases);
            }
            return mongo.findAndModify(
                            Query.query(Criteria.where("_id").is(customerId)),
                            update,
                            FindAndModifyOptions.options().returnNew(true),
                            CustomerProfile.class)
                    .onErrorMap(DuplicateKeyException.class, ProfileService::conflict)
                    .switchIfEmpty(Mono.error(() -> notFound()))
                    .flatMap(saved -> announce(customerId, "updated").thenReturn(saved.withPurchasesNewestFirst()));
        });
    }

    public Mono<CustomerProfile> addPurchase(String customerId, PurchaseRequest request) {
        Purchase purchase = request.toPurchase();
        // one atomic update, guarded so that the same order id cannot be added twice
        Query query = Query.query(
                Criteria.where("_id").is(customerId).and("purchases.orderId").ne(purchase.orderId()));
        Update update = new Update().push("purchases", purchase).set("updatedAt", Instant.now());
        return mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true), CustomerProfile.class)
                .switchIfEmpty(Mono.defer(() -> profiles.existsById(customerId)
                        .flatMap(exists -> Mono.error(
                                exists
                                        ? new ResponseStatusException(
                                                HttpStatus.CONFLICT,
                                                "Order " + purchase.orderId() + " is already on this profile")
                                        : notFound()))))
                .flatMap(saved -> announce(customerId, "purchase-added").thenReturn(saved.withPurchasesNewestFirst()));
    }

    /**
     * One conditional single-document write: {@code update} is applied to the customer's profile only if it still
     * matches {@code condition} (what the caller decided on), then announced as {@code change}. The updated profile,
     * or empty when the profile is gone or no longer matches.
     */
    public Mono<CustomerProfile> updateIf(String customerId, Criteria condition, Update update, String change) {
        Query query =
                Query.query(new Criteria().andOperator(Criteria.where("_id").is(customerId), condition));
        return mongo.findAndModify(
                        query,
                        update.set("updatedAt", Instant.now()),
                        FindAndModifyOptions.options().returnNew(true),
                        CustomerProfile.class)
                .flatMap(saved -> announce(customerId, change).thenReturn(saved));
    }

    /** Appends a closed conversation to the support history, once per event id. */
    public Mono<Boolean> appendCase(EventEnvelope<ConversationClosed> event) {
        ConversationClosed closed = event.payload();
        return append(
                event,
                new SupportCase(
                        event.conversationId(),
                        closed.issue(),
                        closed.resolution(),
                        LocalDate.ofInstant(event.occurredAt(), ZoneOffset.UTC),
                        closed.csat(),
                        event.eventId()));
    }

    /**
     * Appends what the assistant did (an action the customer confirmed and that was carried out) to the support
     * history, once per event id: the case is the action, the issue what it was, the resolution what happened.
     */
    public Mono<Boolean> appendAction(EventEnvelope<ActionEvent> event) {
        ActionEvent action = event.payload();
        String issue = "Assistant: " + action.title() + (action.orderId() == null ? "" : " (" + action.orderId() + ")");
        return append(
                event,
                new SupportCase(
                        action.actionId(),
                        issue,
                        action.result(),
                        LocalDate.ofInstant(event.occurredAt(), ZoneOffset.UTC),
                        null,
                        event.eventId()));
    }

    private Mono<Boolean> append(EventEnvelope<?> event, SupportCase supportCase) {
        Query query = Query.query(Criteria.where("_id")
                .is(event.customerId())
                .and("supportHistory.sourceEventId")
                .ne(event.eventId()));
        return mongo.updateFirst(
                        query,
                        new Update().push("supportHistory", supportCase).set("updatedAt", Instant.now()),
                        CustomerProfile.class)
                .flatMap(result -> result.getModifiedCount() == 0
                        ? Mono.just(false)
                        : announce(event.customerId(), "support-case-added").thenReturn(true));
    }

    /** Publishes profile.changed; a failure is logged, not thrown: the write stands and caches expire anyway. */
    private Mono<Void> announce(String customerId, String change) {
        return events.publish(Topics.PROFILE_CHANGED, EventEnvelope.of(null, customerId, new ProfileChanged(change)))
                .onErrorResume(e -> {
                    log.warn(
                            "profile {} changed ({}) but the event was not published: {}",
                            customerId,
                            change,
                            e.toString());
                    return Mono.empty();
                });
    }

    private static void rejectDuplicateOrders(List<Purchase> purchases) {
        if (purchases.stream().map(Purchase::orderId).distinct().count() != purchases.size()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Each order id may appear only once");
        }
    }

    private static ResponseStatusException conflict(Throwable e) {
        return new ResponseStatusException(
                HttpStatus.CONFLICT, "Another profile already has this e-mail or account number");
    }

    public static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such customer profile");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
