package com.smartsupport.conversation.chat;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * The indexes every query of this service needs, created (idempotently) at start-up: without them a transcript
 * read, a customer's conversation list, the outbox relay and an erasure read every message ever stored (Spring
 * Data's automatic index creation is off, so annotations alone create nothing).
 */
@Component
class ConversationIndexes implements ApplicationRunner {
    private final ReactiveMongoTemplate mongo;

    ConversationIndexes(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void run(ApplicationArguments args) {
        var messages = mongo.indexOps(Message.class);
        var conversations = mongo.indexOps(Conversation.class);
        Mono.when(
                        // a transcript, and a conversation's messages still waiting for the broker
                        messages.createIndex(new Index().on("conversationId", Sort.Direction.ASC)
                                .on("createdAt", Sort.Direction.ASC).named("conversation_time")),
                        // the outbox relay: messages not yet published, oldest first
                        messages.createIndex(new Index().on("published", Sort.Direction.ASC)
                                .on("createdAt", Sort.Direction.ASC).named("unpublished_time")),
                        // erasure of a customer's data
                        messages.createIndex(new Index().on("customerId", Sort.Direction.ASC).named("customer")),
                        // a customer's conversations, newest first
                        conversations.createIndex(new Index().on("customerId", Sort.Direction.ASC)
                                .on("updatedAt", Sort.Direction.DESC).named("customer_updated")))
                .block(Duration.ofSeconds(30));
    }
}
