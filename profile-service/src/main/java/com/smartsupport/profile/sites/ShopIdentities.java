package com.smartsupport.profile.sites;

import java.time.Instant;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A customer's links to the shops they signed in through ({@link ShopIdentity}), for their data rights: the export
 * lists them, erasure removes them (the shop's customer id is theirs too), so a later sign-in through the shop starts
 * a new customer rather than the erased one.
 */
@Component
public class ShopIdentities {
    private final ReactiveMongoTemplate mongo;

    ShopIdentities(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** One link as the customer sees it in their export. */
    public record Link(String siteId, String shopCustomerId, Instant firstSeen) {}

    public Flux<Link> of(String customerId) {
        return mongo.find(byCustomer(customerId), ShopIdentity.class)
                .map(s -> new Link(s.siteId(), s.shopCustomerId(), s.firstSeen()));
    }

    /** Removes every link of the customer; how many there were. */
    public Mono<Long> forget(String customerId) {
        return mongo.remove(byCustomer(customerId), ShopIdentity.class).map(r -> r.getDeletedCount());
    }

    private static Query byCustomer(String customerId) {
        return Query.query(Criteria.where("customerId").is(customerId));
    }
}
