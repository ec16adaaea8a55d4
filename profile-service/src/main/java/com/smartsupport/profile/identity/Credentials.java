package com.smartsupport.profile.identity;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Who can sign in with a password: the logins other features add, change and erase (keyed by e-mail). */
@Service
public class Credentials {

    private final CredentialRepository repository;

    Credentials(CredentialRepository repository) {
        this.repository = repository;
    }

    public Mono<Boolean> exists(String email) {
        return repository.existsById(email);
    }

    /** A new login; fails with a {@code DuplicateKeyException} when someone signs in with this e-mail already. */
    public Mono<Credential> add(Credential credential) {
        return repository.insert(credential);
    }

    /** A login written as it is (created or replaced): demo data, which a restart writes again. */
    public Mono<Credential> put(Credential credential) {
        return repository.save(credential);
    }

    public Mono<Void> remove(String email) {
        return repository.deleteById(email);
    }

    /** Every login of one subject (a customer, agent or admin id). */
    public Flux<Credential> of(String subject) {
        return repository.findBySubject(subject);
    }

    /** Erases every login of one subject; the number erased. */
    public Mono<Long> eraseAll(String subject) {
        return repository.deleteBySubject(subject);
    }
}
