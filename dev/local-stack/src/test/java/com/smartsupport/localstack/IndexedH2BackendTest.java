package com.smartsupport.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run's MongoDB-wire server with secondary indexes: queries answer exactly what a full scan answers
 * (the index only narrows the candidates), through inserts, updates that move a document to another key, deletes
 * and a restart (the index is rebuilt from the stored documents), and the index really holds the documents.
 */
class IndexedH2BackendTest {
    @TempDir
    Path dir;

    record Server(MongoServer server, IndexedH2Backend backend, MongoClient client) implements AutoCloseable {
        static Server start(Path file) {
            IndexedH2Backend backend = new IndexedH2Backend(file.toString());
            MongoServer server = new MongoServer(backend);
            InetSocketAddress at = server.bind();
            return new Server(server, backend, MongoClients.create("mongodb://127.0.0.1:" + at.getPort()));
        }

        MongoCollection<Document> messages() {
            return client.getDatabase("conversations").getCollection("messages");
        }

        /** Documents the secondary index of the messages collection holds. */
        long indexed() {
            return backend.resolveDatabase("conversations").resolveCollection("messages", true).getIndexes().stream()
                    .filter(i -> i instanceof IndexedH2Backend.SecondaryIndex)
                    .mapToLong(i -> i.getCount())
                    .sum();
        }

        @Override
        public void close() {
            client.close();
            server.shutdown();
        }
    }

    static List<String> ids(Iterable<Document> docs) {
        List<String> out = new ArrayList<>();
        docs.forEach(d -> out.add(d.getString("_id")));
        return out;
    }

    /** What a full scan answers: every document, filtered and sorted here. */
    static List<String> scan(MongoCollection<Document> c, Predicate<Document> where) {
        List<Document> all = new ArrayList<>();
        c.find().forEach(all::add);
        return all.stream()
                .filter(where)
                .sorted(Comparator.comparing((Document d) -> d.getInteger("t")).thenComparing(d -> d.getString("_id")))
                .map(d -> d.getString("_id"))
                .toList();
    }

    @Test
    void queriesByAnIndexedFieldAnswerWhatAFullScanAnswersAndSurviveARestart() {
        Path file = dir.resolve("data.mv");
        Random random = new Random(3);
        Function<Server, Void> check = s -> {
            MongoCollection<Document> c = s.messages();
            for (String conversation : List.of("conv_a", "conv_b", "conv_c", "conv_none")) {
                assertThat(ids(c.find(Filters.eq("conversationId", conversation))
                                .sort(Sorts.ascending("t", "_id"))))
                        .as(conversation)
                        .isEqualTo(scan(
                                c,
                                d -> conversation.equals(d.get("conversationId"))
                                        || (d.get("conversationId") instanceof List<?> l && l.contains(conversation))));
                assertThat(ids(c.find(Filters.and(
                                        Filters.eq("conversationId", conversation), Filters.eq("published", false)))
                                .sort(Sorts.ascending("t", "_id"))))
                        .isEqualTo(scan(
                                c,
                                d -> conversation.equals(d.get("conversationId"))
                                        && Boolean.FALSE.equals(d.get("published"))));
            }
            // numbers compare by value, whatever their type
            assertThat(ids(c.find(Filters.eq("conversationId", 7L)))).containsExactly("m_number");
            assertThat(ids(c.find(Filters.eq("conversationId", 7.0)))).containsExactly("m_number");
            return null;
        };
        try (Server s = Server.start(file)) {
            MongoCollection<Document> c = s.messages();
            c.createIndex(Indexes.ascending("conversationId", "createdAt"));
            for (int i = 0; i < 300; i++) {
                String conversation = List.of("conv_a", "conv_b", "conv_c").get(random.nextInt(3));
                c.insertOne(new Document("_id", "m" + i)
                        .append("conversationId", conversation)
                        .append("t", random.nextInt(50))
                        .append("published", random.nextBoolean()));
            }
            c.insertOne(new Document("_id", "m_array")
                    .append("conversationId", List.of("conv_a", "conv_c"))
                    .append("t", 1));
            c.insertOne(new Document("_id", "m_missing").append("t", 2));
            c.insertOne(
                    new Document("_id", "m_number").append("conversationId", 7).append("t", 3));
            check.apply(s);

            // updates that change the key move the document; deletes remove it
            c.updateMany(Filters.eq("conversationId", "conv_b"), Updates.set("conversationId", "conv_c"));
            c.updateOne(Filters.eq("_id", "m_missing"), Updates.set("conversationId", "conv_a"));
            c.deleteMany(Filters.and(Filters.eq("conversationId", "conv_a"), Filters.eq("published", true)));
            c.updateMany(Filters.eq("conversationId", "conv_c"), Updates.set("published", true));
            check.apply(s);
            assertThat(ids(c.find(Filters.eq("conversationId", "conv_b")))).isEmpty();
            assertThat(s.indexed()).as("documents in the secondary index").isEqualTo(c.countDocuments());
        }
        try (Server s = Server.start(file)) {
            assertThat(s.indexed())
                    .as("rebuilt from the stored documents")
                    .isEqualTo(s.messages().countDocuments());
            check.apply(s);
        }
    }
}
