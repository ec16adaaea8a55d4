package com.smartsupport.conversation.chat;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;
import reactor.core.publisher.Flux;

import java.time.Instant;

public interface MessageRepository extends ReactiveMongoRepository<Message, String> {
    Flux<Message> findByConversationIdOrderByCreatedAtAsc(String conversationId);

    Flux<Message> findByPublishedFalseAndCreatedAtBefore(Instant before);
}
