package com.smartsupport.profile;

import com.smartsupport.platform.testsupport.TestTokens;
import com.smartsupport.profile.customer.CustomerProfile;
import com.smartsupport.profile.customer.CustomerProfile.Account;
import com.smartsupport.profile.customer.CustomerProfile.Preferences;
import com.smartsupport.profile.customer.CustomerProfile.Purchase;
import com.smartsupport.profile.customer.CustomerProfile.Subscription;
import com.smartsupport.profile.customer.ProfileService;
import com.smartsupport.profile.identity.SigningKeys;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * For the tests of the customer's account actions: customers of their own (written as documents, so that a test
 * can give them any order or plan history; the demo customers stay as they are), dated from the service's clock.
 */
public abstract class CustomerActionsTestBase extends ProfileServiceTestBase {
    @Autowired
    protected ProfileService profiles;

    @Autowired
    protected SigningKeys keys;

    @Autowired
    protected Clock clock;

    /** A customer of this test: their id and a customer token. */
    protected record Customer(String id, String token) {}

    protected LocalDate today() {
        return LocalDate.now(clock);
    }

    protected Customer newCustomer(Subscription subscription, Preferences preferences, Purchase... purchases) {
        String id = "cus_t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        profiles.put(new CustomerProfile(
                        id,
                        new Account("Test " + id, id + "@example.com", null, "Lyon, France", "en", "standard"),
                        List.of(purchases),
                        preferences,
                        subscription,
                        List.of(),
                        Instant.now()))
                .block(Duration.ofSeconds(10));
        return new Customer(id, customerToken(id));
    }

    protected String customerToken(String customerId) {
        return TestTokens.signedWith(
                keys.current(), customerId, "CUSTOMER", Duration.ofMinutes(15), TestTokens.ISSUER, null);
    }

    protected CustomerProfile stored(String customerId) {
        return profiles.find(customerId).block(Duration.ofSeconds(10));
    }

    /** A delivered order, delivered this many days ago. */
    protected Purchase delivered(String orderId, int daysAgo) {
        LocalDate on = today().minusDays(daysAgo);
        return new Purchase(
                orderId,
                "SoundWave Buds",
                "SW-B2",
                Map.of("colour", "black"),
                new BigDecimal("129.00"),
                "EUR",
                on.minusDays(3),
                "delivered",
                "delivered " + on,
                on.plusYears(2));
    }

    /** A call with the caller's token, a JSON body (or none) and an Idempotency-Key (or none). */
    @SuppressWarnings("rawtypes")
    protected EntityExchangeResult<Map> send(String method, String uri, String token, String key, String body) {
        var spec = web.method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(uri)
                .headers(h -> {
                    h.setBearerAuth(token);
                    if (key != null) {
                        h.set("Idempotency-Key", key);
                    }
                });
        var request = body == null
                ? spec
                : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        return request.exchange().expectBody(Map.class).returnResult();
    }

    protected static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    /** Runs the calls at the same moment, each on its own thread; their results in order. */
    @SafeVarargs
    protected static <T> List<T> together(Callable<T>... calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch ready = new CountDownLatch(calls.length);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
