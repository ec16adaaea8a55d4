package com.smartsupport.conversation.actions;

import com.smartsupport.platform.mongo.MongoIndexes;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** A conversation's actions in order (the transcript, the per-conversation limit) and a customer's (erasure). */
@Component
class ActionIndexes implements MongoIndexes {

    @Override
    public List<MongoIndex> indexes() {
        return List.of(
                MongoIndex.on(
                        Action.class,
                        new Index()
                                .on("conversationId", Sort.Direction.ASC)
                                .on("proposedAt", Sort.Direction.ASC)
                                .named("conversation_time")),
                MongoIndex.on(
                        Action.class,
                        new Index().on("customerId", Sort.Direction.ASC).named("customer")));
    }
}
