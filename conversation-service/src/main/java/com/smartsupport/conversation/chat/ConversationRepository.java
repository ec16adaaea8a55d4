package com.smartsupport.conversation.chat;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;
import reactor.core.publisher.Flux;

public interface ConversationRepository extends ReactiveMongoRepository<Conversation, String> {
    Flux<Conversation> findByCustomerIdOrderByUpdatedAtDesc(String customerId);
}
