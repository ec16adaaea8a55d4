package com.smartsupport.profile.customer;

import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Profile reads. A customer reads only their own profile; agents (the console) and backend services
 * (llm-service building a prompt) may read any. Another customer's id answers 404, revealing nothing.
 */
@RestController
@RequestMapping("/api/profiles")
class ProfileController {
    private final ProfileRepository profiles;

    ProfileController(ProfileRepository profiles) {
        this.profiles = profiles;
    }

    @GetMapping("/me")
    Mono<CustomerProfile> me(@AuthenticationPrincipal Jwt jwt) {
        Caller caller = Caller.of(jwt).require(Role.CUSTOMER);
        return find(caller.subject());
    }

    @GetMapping("/{customerId}")
    Mono<CustomerProfile> byId(@PathVariable String customerId, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Caller.of(jwt);
        if (caller.is(Role.CUSTOMER) && !caller.subject().equals(customerId)) {
            return Mono.error(notFound());
        }
        return find(customerId);
    }

    private Mono<CustomerProfile> find(String customerId) {
        return profiles.findById(customerId)
                .map(CustomerProfile::withPurchasesNewestFirst)
                .switchIfEmpty(Mono.error(notFound()));
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such customer profile");
    }
}
