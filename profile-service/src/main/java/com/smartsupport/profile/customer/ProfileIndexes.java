package com.smartsupport.profile.customer;

import com.smartsupport.platform.mongo.MongoIndexes;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** Unique indexes on email and account number, created (idempotently) at start-up. */
@Component
class ProfileIndexes implements MongoIndexes {

    @Override
    public List<MongoIndex> indexes() {
        return List.of(
                MongoIndex.on(
                        CustomerProfile.class,
                        new Index()
                                .on("account.email", Sort.Direction.ASC)
                                .unique()
                                .sparse()
                                .named("account_email_unique")),
                MongoIndex.on(
                        CustomerProfile.class,
                        new Index()
                                .on("account.accountNumber", Sort.Direction.ASC)
                                .unique()
                                .sparse()
                                .named("account_number_unique")));
    }
}
