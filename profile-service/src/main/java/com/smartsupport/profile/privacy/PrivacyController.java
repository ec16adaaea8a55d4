package com.smartsupport.profile.privacy;

import com.smartsupport.platform.events.CustomerErased;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import com.smartsupport.profile.customer.CustomerProfile;
import com.smartsupport.profile.customer.ProfileService;
import com.smartsupport.profile.identity.Credentials;
import com.smartsupport.profile.sites.ShopIdentities;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The customer's data rights: a full export, and erasure across every service. */
@RestController
@RequestMapping("/api/profiles/me")
class PrivacyController {
    private static final Logger log = LoggerFactory.getLogger(PrivacyController.class);

    private final ProfileService profiles;
    private final Credentials credentials;
    private final ConversationsClient conversations;
    private final EventPublisher events;
    private final ShopIdentities shopIdentities;

    PrivacyController(
            ProfileService profiles,
            Credentials credentials,
            ConversationsClient conversations,
            EventPublisher events,
            ShopIdentities shopIdentities) {
        this.profiles = profiles;
        this.credentials = credentials;
        this.conversations = conversations;
        this.events = events;
        this.shopIdentities = shopIdentities;
    }

    record Login(String email, Role role, String displayName) {}

    /** {@code shopSignIns}: the shops' sites the caller signed in through, with the shop's id for them. */
    record Export(
            Instant exportedAt,
            String customerId,
            CustomerProfile profile,
            List<Login> logins,
            List<ShopIdentities.Link> shopSignIns,
            JsonNode conversations) {}

    @Operation(
            summary = "Everything held about the caller: profile, logins (without password hashes), shop sign-ins,"
                    + " conversations")
    @GetMapping("/export")
    Mono<Export> export(@AuthenticationPrincipal Jwt jwt) {
        Caller caller = Caller.of(jwt).require(Role.CUSTOMER);
        return Mono.zip(
                        profiles.find(caller.subject()).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        credentials
                                .of(caller.subject())
                                .map(c -> new Login(c.email(), c.role(), c.displayName()))
                                .collectList(),
                        shopIdentities.of(caller.subject()).collectList(),
                        conversations.exportFor(jwt.getTokenValue()))
                .map(t -> new Export(
                        Instant.now(), caller.subject(), t.getT1().orElse(null), t.getT2(), t.getT3(), t.getT4()));
    }

    /**
     * Erases the caller: the erasure event is published first (acknowledged by the broker), so that
     * conversation-service and escalation-service erase their part even if this instance dies right after; then
     * the profile, logins and shop sign-in links go (a later sign-in through a shop is a new customer). Calling it
     * again is harmless and answers the same.
     */
    @Operation(
            summary = "Erase the caller's profile, logins, shop sign-ins and conversations in every service"
                    + " (idempotent)")
    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> erase(@AuthenticationPrincipal Jwt jwt) {
        Caller caller = Caller.of(jwt).require(Role.CUSTOMER);
        return events.publish(Topics.PROFILE_CHANGED, EventEnvelope.of(null, caller.subject(), new CustomerErased()))
                .onErrorMap(e -> new ResponseStatusException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Erasure could not be started; nothing was deleted, try again shortly",
                        e))
                .then(profiles.erase(caller.subject()))
                .then(Mono.zip(credentials.eraseAll(caller.subject()), shopIdentities.forget(caller.subject())))
                .doOnNext(n -> log.info(
                        "customer {} erased ({} login(s), {} shop sign-in link(s))",
                        caller.subject(),
                        n.getT1(),
                        n.getT2()))
                .then();
    }
}
