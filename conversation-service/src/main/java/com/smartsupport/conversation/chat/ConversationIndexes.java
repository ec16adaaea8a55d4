package com.smartsupport.conversation.chat;

import com.smartsupport.platform.mongo.MongoIndexes;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * The indexes every query of this service needs, created (idempotently) at start-up: without them a transcript
 * read, a customer's conversation list, the outbox relay and an erasure read every message ever stored (Spring
 * Data's automatic index creation is off, so annotations alone create nothing).
 */
@Component
class ConversationIndexes implements MongoIndexes {

    @Override
    public List<MongoIndex> indexes() {
        return List.of(
                // a transcript, and a conversation's messages still waiting for the broker
                MongoIndex.on(
                        Message.class,
                        new Index()
                                .on("conversationId", Sort.Direction.ASC)
                                .on("createdAt", Sort.Direction.ASC)
                                .named("conversation_time")),
                // the outbox relay: messages not yet published, oldest first
                MongoIndex.on(
                        Message.class,
                        new Index()
                                .on("published", Sort.Direction.ASC)
                                .on("createdAt", Sort.Direction.ASC)
                                .named("unpublished_time")),
                // erasure of a customer's data
                MongoIndex.on(
                        Message.class,
                        new Index().on("customerId", Sort.Direction.ASC).named("customer")),
                // the outcome sweep: open or waiting conversations by last activity
                MongoIndex.on(
                        Conversation.class,
                        new Index()
                                .on("status", Sort.Direction.ASC)
                                .on("updatedAt", Sort.Direction.ASC)
                                .named("status_updated")),
                // a customer's conversations, newest first
                MongoIndex.on(
                        Conversation.class,
                        new Index()
                                .on("customerId", Sort.Direction.ASC)
                                .on("updatedAt", Sort.Direction.DESC)
                                .named("customer_updated")));
    }
}
