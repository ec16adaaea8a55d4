package com.smartsupport.profile.agents;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;
import reactor.core.publisher.Mono;

interface AgentAccountRepository extends ReactiveMongoRepository<AgentAccount, String> {
    Mono<AgentAccount> findByEmail(String email);
}
