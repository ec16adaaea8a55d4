package com.smartsupport.profile.agents;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;
import reactor.core.publisher.Mono;

interface InvitationRepository extends ReactiveMongoRepository<Invitation, String> {
    Mono<Long> deleteByAgentId(String agentId);
}
