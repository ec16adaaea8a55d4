package com.smartsupport.profile.customer;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** Unique indexes on email and account number, created (idempotently) at start-up. */
@Component
class ProfileIndexes implements ApplicationRunner {
    private final ReactiveMongoTemplate mongo;

    ProfileIndexes(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void run(ApplicationArguments args) {
        var ops = mongo.indexOps(CustomerProfile.class);
        ops.createIndex(new Index().on("account.email", Sort.Direction.ASC).unique().sparse()
                        .named("account_email_unique"))
                .then(ops.createIndex(new Index().on("account.accountNumber", Sort.Direction.ASC).unique().sparse()
                        .named("account_number_unique")))
                .block(Duration.ofSeconds(30));
    }
}
