package com.smartsupport.profile.identity;

import java.time.Duration;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Slows password guessing: after {@code maxFailures} wrong passwords for one e-mail within {@code window}, that
 * e-mail is locked for {@code lockFor} and every attempt, right or wrong, gets 429 with Retry-After. State lives
 * in MongoDB, so the limit holds across instances. A successful login clears it.
 */
@Component
class LoginThrottle {
    private final ReactiveMongoTemplate mongo;
    private final TokenProperties.LoginThrottleProperties limits;

    LoginThrottle(ReactiveMongoTemplate mongo, TokenProperties properties) {
        this.mongo = mongo;
        this.limits = properties.loginThrottle();
    }

    @Document("login_throttle")
    record Attempts(@Id String email, int failures, Instant windowStart, Instant lockedUntil) {}

    Mono<Void> check(String email) {
        return mongo.findById(email, Attempts.class)
                .filter(a -> a.lockedUntil() != null && a.lockedUntil().isAfter(Instant.now()))
                .flatMap(a -> Mono.<Void>error(locked(Duration.between(Instant.now(), a.lockedUntil()))));
    }

    Mono<Void> failed(String email) {
        Instant now = Instant.now();
        Query query = Query.query(Criteria.where("_id").is(email));
        return mongo.findAndModify(
                        query,
                        new Update().inc("failures", 1).setOnInsert("windowStart", now),
                        FindAndModifyOptions.options().upsert(true).returnNew(true),
                        Attempts.class)
                .flatMap(a -> {
                    if (a.windowStart() != null && a.windowStart().isBefore(now.minus(limits.window()))) {
                        // the old failures are stale: start a new window with this one
                        return mongo.updateFirst(
                                        query,
                                        Update.update("failures", 1)
                                                .set("windowStart", now)
                                                .unset("lockedUntil"),
                                        Attempts.class)
                                .then();
                    }
                    if (a.failures() >= limits.maxFailures()) {
                        return mongo.updateFirst(
                                        query, Update.update("lockedUntil", now.plus(limits.lockFor())), Attempts.class)
                                .then();
                    }
                    return Mono.empty();
                });
    }

    Mono<Void> succeeded(String email) {
        return mongo.remove(Query.query(Criteria.where("_id").is(email)), Attempts.class)
                .then();
    }

    private static ResponseStatusException locked(Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.toSeconds());
        return new ResponseStatusException(
                HttpStatus.TOO_MANY_REQUESTS,
                "Too many failed logins for this account; try again in " + seconds + " s") {
            @Override
            public HttpHeaders getHeaders() {
                HttpHeaders headers = new HttpHeaders();
                headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                return headers;
            }
        };
    }
}
