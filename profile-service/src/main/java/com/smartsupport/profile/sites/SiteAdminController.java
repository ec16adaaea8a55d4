package com.smartsupport.profile.sites;

import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Admins register the shop's sites that embed the widget ({@code /api/admin/sites}); nobody else may. */
@RestController
@RequestMapping("/api/admin/sites")
class SiteAdminController {
    /** A page's origin: https anywhere, http only on this machine (for trying it out). */
    static final String ORIGIN =
            "https://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?";
    /** The shop's JWK set: https, or http on this machine (for trying it out). */
    static final String JWKS_URL = "https://\\S+|http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?/\\S*";

    private final Sites sites;

    SiteAdminController(Sites sites) {
        this.sites = sites;
    }

    record NewSite(
            @NotBlank @Size(max = 100) String name,

            @NotNull @Size(min = 1, max = 20)
            List<@NotNull @Pattern(regexp = ORIGIN, message = "must be an origin such as https://shop.example") String>
                    allowedOrigins,

            Boolean guestChats,

            @Size(max = 500) @Pattern(regexp = JWKS_URL, message = "must be an https URL")
            String jwksUrl) {}

    record SiteChange(
            @Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*")
            String name,

            @Size(min = 1, max = 20)
            List<@NotNull @Pattern(regexp = ORIGIN, message = "must be an origin such as https://shop.example") String>
                    allowedOrigins,

            Boolean guestChats,

            @Size(max = 500) @Pattern(regexp = JWKS_URL + "|", message = "must be an https URL")
            String jwksUrl) {}

    /** A site as the admin sees it; {@code secret} only in the answer that created or rotated it. */
    record SiteView(
            String siteId,
            String name,
            List<String> allowedOrigins,
            boolean guestChats,
            String jwksUrl,
            Instant createdAt,
            String secret,
            Instant previousSecretUntil) {
        static SiteView of(Site s, String secret) {
            return new SiteView(
                    s.siteId(),
                    s.name(),
                    s.allowedOrigins(),
                    s.guestChats(),
                    s.jwksUrl(),
                    s.createdAt(),
                    secret,
                    s.previousSecretUntil());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SiteView> register(@Valid @RequestBody NewSite body, @AuthenticationPrincipal Jwt jwt) {
        Caller.of(jwt).require(Role.ADMIN);
        return sites.register(
                        body.name().trim(),
                        body.allowedOrigins(),
                        Boolean.TRUE.equals(body.guestChats()),
                        body.jwksUrl())
                .map(issued -> SiteView.of(issued.site(), issued.secret()));
    }

    @GetMapping
    Flux<SiteView> list(@AuthenticationPrincipal Jwt jwt) {
        Caller.of(jwt).require(Role.ADMIN);
        return sites.list().map(s -> SiteView.of(s, null));
    }

    @PatchMapping("/{siteId}")
    Mono<SiteView> change(
            @PathVariable String siteId, @Valid @RequestBody SiteChange body, @AuthenticationPrincipal Jwt jwt) {
        Caller.of(jwt).require(Role.ADMIN);
        return sites.change(
                        siteId,
                        body.name() == null ? null : body.name().trim(),
                        body.allowedOrigins(),
                        body.guestChats(),
                        body.jwksUrl())
                .map(s -> SiteView.of(s, null));
    }

    /** A new secret, shown once; the previous one is still accepted for {@code smart.sites.secret-grace}. */
    @PostMapping("/{siteId}/secret")
    Mono<SiteView> rotate(@PathVariable String siteId, @AuthenticationPrincipal Jwt jwt) {
        Caller.of(jwt).require(Role.ADMIN);
        return sites.rotate(siteId).map(issued -> SiteView.of(issued.site(), issued.secret()));
    }
}
