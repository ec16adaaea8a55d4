package com.smartsupport.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.smartsupport.platform.mongo.MongoIndexes.MongoIndex;
import com.smartsupport.platform.testsupport.EmbeddedInfra;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.mapping.Document;
import reactor.core.publisher.Mono;

/** Every feature's indexes are there after start-up, creating them again changes nothing, and a clash fails the start. */
class MongoIndexCreatorTest {

    @Document("index_creator_orders")
    record Order(String id, String customerId, String number) {}

    @Document("index_creator_notes")
    record Note(String id, String orderId) {}

    private final MongoClient client = MongoClients.create(EmbeddedInfra.mongoUri());
    private final ReactiveMongoTemplate mongo = new ReactiveMongoTemplate(client, "index-" + UUID.randomUUID());

    @AfterEach
    void close() {
        mongo.getMongoDatabase().flatMap(db -> Mono.from(db.drop())).block();
        client.close();
    }

    @Test
    void createsTheIndexesOfEveryFeatureIdempotently() {
        MongoIndexes orders = () -> List.of(
                MongoIndex.on(
                        Order.class,
                        new Index().on("customerId", Sort.Direction.ASC).named("customer")),
                MongoIndex.on(
                        Order.class,
                        new Index().on("number", Sort.Direction.ASC).unique().named("number")));
        MongoIndexes notes = () -> List.of(MongoIndex.on(
                Note.class, new Index().on("orderId", Sort.Direction.ASC).named("order")));
        MongoIndexCreator creator = new MongoIndexCreator(mongo, List.of(orders, notes));

        creator.run(null);
        creator.run(null);

        assertThat(names(Order.class)).contains("customer", "number");
        assertThat(names(Note.class)).contains("order");
        assertThat(mongo.indexOps(Order.class)
                        .getIndexInfo()
                        .filter(i -> i.getName().equals("number"))
                        .map(IndexInfo::isUnique)
                        .blockFirst())
                .isTrue();
    }

    @Test
    void anIndexThatCannotBeCreatedFailsTheStart() {
        mongo.insert(new Order("1", "c", "A-1"))
                .then(mongo.insert(new Order("2", "c", "A-1")))
                .block();
        MongoIndexes duplicates = () -> List.of(MongoIndex.on(
                Order.class,
                new Index().on("number", Sort.Direction.ASC).unique().named("number")));

        assertThatThrownBy(() -> new MongoIndexCreator(mongo, List.of(duplicates)).run(null))
                .isInstanceOf(RuntimeException.class);
    }

    private List<String> names(Class<?> entity) {
        return mongo.indexOps(entity)
                .getIndexInfo()
                .map(IndexInfo::getName)
                .collectList()
                .block(Duration.ofSeconds(10));
    }
}
