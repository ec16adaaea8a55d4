package com.smartsupport.profile.identity;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

public interface CredentialRepository extends ReactiveMongoRepository<Credential, String> {
}
