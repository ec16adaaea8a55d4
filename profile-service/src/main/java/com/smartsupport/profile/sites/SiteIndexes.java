package com.smartsupport.profile.sites;

import com.smartsupport.platform.mongo.MongoIndexes;
import java.time.Duration;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * Created (idempotently) at start-up: used identity tokens expire with the tokens (TTL index); a customer's shop
 * links are found by customer (export, erasure).
 */
@Component
class SiteIndexes implements MongoIndexes {

    @Override
    public List<MongoIndex> indexes() {
        return List.of(
                MongoIndex.on(
                        UsedIdentityToken.class,
                        new Index()
                                .on("expiresAt", Sort.Direction.ASC)
                                .expire(Duration.ZERO)
                                .named("used_identity_token_ttl")),
                MongoIndex.on(
                        ShopIdentity.class,
                        new Index().on("customerId", Sort.Direction.ASC).named("shop_identity_customer")));
    }
}
