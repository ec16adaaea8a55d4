package com.smartsupport.escalation.queue;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;
import reactor.core.publisher.Flux;

public interface EscalationRepository extends ReactiveMongoRepository<Escalation, String> {
    Flux<Escalation> findByStatusOrderByRequestedAtAsc(Escalation.Status status);

    Flux<Escalation> findByAgentIdAndStatusOrderByRequestedAtAsc(String agentId, Escalation.Status status);
}
