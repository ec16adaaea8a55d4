package com.smartsupport.conversation.chat;

import java.time.Instant;
import org.springframework.data.mongodb.repository.ReactiveMongoRepository;
import reactor.core.publisher.Flux;

public interface MessageRepository extends ReactiveMongoRepository<Message, String> {
    Flux<Message> findByConversationIdOrderByCreatedAtAsc(String conversationId);

    /** The outbox: stored customer messages whose event the broker has not acknowledged, oldest first. */
    Flux<Message> findByPublishedFalseAndCreatedAtBeforeOrderByCreatedAtAsc(Instant before);

    /** One conversation's part of the outbox, oldest first, so that its events keep the order of its messages. */
    Flux<Message> findByConversationIdAndPublishedFalseOrderByCreatedAtAsc(String conversationId);
}
