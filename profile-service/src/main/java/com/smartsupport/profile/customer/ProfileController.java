package com.smartsupport.profile.customer;

import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import com.smartsupport.profile.customer.ProfileRequests.ProfileRequest;
import com.smartsupport.profile.customer.ProfileRequests.PurchaseRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Profiles. A customer reads only their own (another customer's id answers 404, revealing nothing); agents (the
 * console) and backend services with {@code profiles:read} read any and search by e-mail or account number;
 * agents and services with {@code profiles:write} (the CRM sync) create and update them.
 */
@RestController
@RequestMapping("/api/profiles")
@SecurityRequirement(name = "bearer")
class ProfileController {
    static final String READ = "profiles:read";
    static final String WRITE = "profiles:write";

    private final ProfileService profiles;

    ProfileController(ProfileService profiles) {
        this.profiles = profiles;
    }

    @Operation(summary = "The caller's own profile (customers)")
    @GetMapping("/me")
    Mono<CustomerProfile> me(@AuthenticationPrincipal Jwt jwt) {
        return profiles.byId(Caller.of(jwt).require(Role.CUSTOMER).subject());
    }

    @Operation(summary = "One profile: agents, services with profiles:read, or the customer themself")
    @GetMapping("/{customerId}")
    Mono<CustomerProfile> byId(@PathVariable String customerId, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Caller.of(jwt);
        boolean own = caller.is(Role.CUSTOMER) && caller.subject().equals(customerId);
        if (!own && !canReadAny(caller)) {
            return Mono.error(caller.is(Role.CUSTOMER) ? ProfileService.notFound() : forbidden());
        }
        return profiles.byId(customerId);
    }

    @Operation(summary = "Find a profile by e-mail or account number (agents, services with profiles:read)")
    @GetMapping
    Mono<CustomerProfile> search(
            @RequestParam(required = false) String email,
            @RequestParam(required = false) String accountNumber,
            @AuthenticationPrincipal Jwt jwt) {
        if (!canReadAny(Caller.of(jwt))) {
            return Mono.error(forbidden());
        }
        if ((email == null) == (accountNumber == null) || (email != null && email.isBlank())) {
            return Mono.error(
                    new ResponseStatusException(HttpStatus.BAD_REQUEST, "Give exactly one of email or accountNumber"));
        }
        return email != null ? profiles.byEmail(email) : profiles.byAccountNumber(accountNumber.trim());
    }

    @Operation(summary = "Create a profile (agents, CRM sync)")
    @PostMapping
    Mono<ResponseEntity<CustomerProfile>> create(
            @Valid @RequestBody ProfileRequest request, @AuthenticationPrincipal Jwt jwt) {
        requireWriter(Caller.of(jwt));
        return profiles.create(request)
                .map(p -> ResponseEntity.created(URI.create("/api/profiles/" + p.id()))
                        .body(p));
    }

    @Operation(summary = "Replace a profile's account, preferences and subscription, and its purchases if given")
    @PutMapping("/{customerId}")
    Mono<CustomerProfile> replace(
            @PathVariable String customerId,
            @Valid @RequestBody ProfileRequest request,
            @AuthenticationPrincipal Jwt jwt) {
        requireWriter(Caller.of(jwt));
        return profiles.replace(customerId, request);
    }

    @Operation(summary = "Add a purchase to a profile (agents, CRM sync); an order id already there is a 409")
    @PostMapping("/{customerId}/purchases")
    Mono<ResponseEntity<CustomerProfile>> addPurchase(
            @PathVariable String customerId,
            @Valid @RequestBody PurchaseRequest request,
            @AuthenticationPrincipal Jwt jwt) {
        requireWriter(Caller.of(jwt));
        return profiles.addPurchase(customerId, request)
                .map(p -> ResponseEntity.status(HttpStatus.CREATED).body(p));
    }

    private static boolean canReadAny(Caller caller) {
        return caller.is(Role.AGENT) || caller.isServiceWith(READ);
    }

    private static void requireWriter(Caller caller) {
        if (!caller.is(Role.AGENT) && !caller.isServiceWith(WRITE)) {
            throw forbidden();
        }
    }

    private static ResponseStatusException forbidden() {
        return new ResponseStatusException(HttpStatus.FORBIDDEN, "This operation is not open to you");
    }
}
