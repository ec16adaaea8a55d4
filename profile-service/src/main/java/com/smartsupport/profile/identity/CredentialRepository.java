package com.smartsupport.profile.identity;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public interface CredentialRepository extends ReactiveMongoRepository<Credential, String> {
    Flux<Credential> findBySubject(String subject);

    Mono<Long> deleteBySubject(String subject);
}
