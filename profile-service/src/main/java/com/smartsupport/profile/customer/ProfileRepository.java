package com.smartsupport.profile.customer;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;
import reactor.core.publisher.Mono;

public interface ProfileRepository extends ReactiveMongoRepository<CustomerProfile, String> {
    Mono<CustomerProfile> findByAccountEmail(String email);

    Mono<CustomerProfile> findByAccountAccountNumber(String accountNumber);
}
