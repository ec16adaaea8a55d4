package com.smartsupport.profile.sites;

import com.smartsupport.platform.security.Role;
import com.smartsupport.profile.customer.ProfileService;
import com.smartsupport.profile.identity.AuthController.TokenResponse;
import com.smartsupport.profile.identity.TokenIssuer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Customers of a shop sign in with the shop's own login ({@code POST /api/auth/identity}): the shop's backend signs
 * an identity token, the widget exchanges it for a SMART access token of that customer. Where a site allows it,
 * visitors who are not signed in chat as guests ({@code POST /api/auth/guest}). Both public.
 */
@RestController
class IdentityController {
    private final IdentityTokens tokens;
    private final Sites sites;
    private final ReactiveMongoTemplate mongo;
    private final ProfileService profiles;
    private final TokenIssuer issuer;

    IdentityController(
            IdentityTokens tokens,
            Sites sites,
            ReactiveMongoTemplate mongo,
            ProfileService profiles,
            TokenIssuer issuer) {
        this.tokens = tokens;
        this.sites = sites;
        this.mongo = mongo;
        this.profiles = profiles;
        this.issuer = issuer;
    }

    /** {@code siteId}, sent by the widget, must be the token's site: a token for one site works on no other. */
    record IdentityRequest(
            @NotBlank @Size(max = 8192) String identityToken,

            @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_-]+")
            String siteId) {}

    @PostMapping("/api/auth/identity")
    Mono<TokenResponse> identity(@Valid @RequestBody IdentityRequest request) {
        return tokens.verify(request.identityToken().trim(), request.siteId())
                .flatMap(identity -> customerFor(identity)
                        .flatMap(customerId -> profiles.fromShop(
                                        customerId, identity.name(), identity.email(), identity.language())
                                .thenReturn(customerId))
                        .map(customerId -> TokenResponse.of(issuer.issue(
                                customerId, Role.CUSTOMER, identity.name() == null ? "Customer" : identity.name()))));
    }

    /** The SMART customer of this shop customer: found, or linked to a new customer id on the first visit. */
    private Mono<String> customerFor(IdentityTokens.Identity identity) {
        String id = ShopIdentity.idFor(identity.siteId(), identity.shopCustomerId());
        return mongo.findById(id, ShopIdentity.class)
                .switchIfEmpty(Mono.defer(() -> mongo.insert(new ShopIdentity(
                                id,
                                identity.siteId(),
                                identity.shopCustomerId(),
                                ProfileService.newCustomerId(),
                                Instant.now()))
                        // the customer's first two visits at once: one link wins, both use it
                        .onErrorResume(DuplicateKeyException.class, e -> mongo.findById(id, ShopIdentity.class))))
                .map(ShopIdentity::customerId);
    }

    record GuestRequest(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_-]+")
            String siteId) {}

    /**
     * A guest: a customer id of their own with no profile at all, so nothing personal reaches the assistant's
     * prompt and there is no profile to see or change; only on sites that allow guests.
     */
    @PostMapping("/api/auth/guest")
    Mono<TokenResponse> guest(@Valid @RequestBody GuestRequest request) {
        return sites.find(request.siteId())
                .filter(Site::guestChats)
                .switchIfEmpty(Mono.error(new ResponseStatusException(
                        HttpStatus.FORBIDDEN, "This site does not take guest chats: sign in on the site to chat")))
                .map(site -> TokenResponse.of(issuer.issue(
                        ProfileService.newCustomerId().replace("cus_", "cus_g"), Role.CUSTOMER, "Guest", "guest")));
    }
}
