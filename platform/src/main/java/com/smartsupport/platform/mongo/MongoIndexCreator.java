package com.smartsupport.platform.mongo;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Flux;

/**
 * Creates the indexes of every {@link MongoIndexes} bean at start-up, all at once, and fails the start if they are
 * not there within {@link #TIMEOUT} (a service whose queries would scan whole collections should not take traffic).
 */
public class MongoIndexCreator implements ApplicationRunner {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ReactiveMongoTemplate mongo;
    private final List<MongoIndexes> features;

    public MongoIndexCreator(ReactiveMongoTemplate mongo, List<MongoIndexes> features) {
        this.mongo = mongo;
        this.features = features;
    }

    @Override
    public void run(ApplicationArguments args) {
        Flux.fromIterable(features)
                .flatMapIterable(MongoIndexes::indexes)
                .flatMap(i -> mongo.indexOps(i.entity()).createIndex(i.index()))
                .then()
                .block(TIMEOUT);
    }
}
