package com.smartsupport.profile.sites;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Created (idempotently) at start-up: used identity tokens expire with the tokens (TTL index); a customer's shop
 * links are found by customer (export, erasure).
 */
@Component
class SiteIndexes implements ApplicationRunner {
    private final ReactiveMongoTemplate mongo;

    SiteIndexes(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void run(ApplicationArguments args) {
        mongo.indexOps(UsedIdentityToken.class).createIndex(new Index().on("expiresAt", Sort.Direction.ASC)
                        .expire(Duration.ZERO).named("used_identity_token_ttl"))
                .then(mongo.indexOps(ShopIdentity.class).createIndex(new Index().on("customerId", Sort.Direction.ASC)
                        .named("shop_identity_customer")))
                .block(Duration.ofSeconds(30));
    }
}
