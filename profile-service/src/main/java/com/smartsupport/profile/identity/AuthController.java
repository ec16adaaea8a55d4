package com.smartsupport.profile.identity;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.smartsupport.platform.security.Role;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Login for customers, agents and admins ({@code POST /api/auth/login}), a client-credentials exchange for backend
 * services ({@code POST /api/auth/token}), and the public JWK set that the gateway and every service validate
 * tokens against.
 */
@RestController
public class AuthController {
    /** Compared against when the e-mail is unknown, so both failures take the same time. */
    private static final String DUMMY_HASH = new BCryptPasswordEncoder().encode("no-such-user");

    private final CredentialRepository credentials;
    private final TokenIssuer issuer;
    private final SigningKeys keys;
    private final TokenProperties properties;
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();
    private final LoginThrottle throttle;

    AuthController(
            CredentialRepository credentials,
            TokenIssuer issuer,
            SigningKeys keys,
            TokenProperties properties,
            LoginThrottle throttle) {
        this.credentials = credentials;
        this.throttle = throttle;
        this.issuer = issuer;
        this.keys = keys;
        this.properties = properties;
    }

    record LoginRequest(
            @NotBlank @Size(max = 320) String email,
            @NotBlank @Size(max = 200) String password) {}

    /** The answer of every sign-in: login, invitation, identity token, guest. */
    public record TokenResponse(
            @Schema(requiredMode = REQUIRED) String accessToken,
            @Schema(requiredMode = REQUIRED) String tokenType,
            @Schema(requiredMode = REQUIRED) long expiresIn,

            @Schema(
                    requiredMode = REQUIRED,
                    allowableValues = {"CUSTOMER", "AGENT", "ADMIN", "SERVICE"})
            String role,

            @Schema(requiredMode = REQUIRED) String subject) {
        public static TokenResponse of(TokenIssuer.IssuedToken token) {
            return new TokenResponse(
                    token.value(), "Bearer", token.expiresIn(), token.role().name(), token.subject());
        }
    }

    @PostMapping("/api/auth/login")
    Mono<TokenResponse> login(@Valid @RequestBody LoginRequest request) {
        String email = request.email().trim().toLowerCase(Locale.ROOT);
        return throttle.check(email)
                .then(credentials.findById(email))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .publishOn(Schedulers.boundedElastic()) // BCrypt is deliberately slow: keep it off the event loop
                .flatMap(found -> {
                    boolean ok = encoder.matches(
                            request.password(),
                            found.map(Credential::passwordHash).orElse(DUMMY_HASH));
                    if (found.isEmpty() || !ok) {
                        return throttle.failed(email)
                                .then(Mono.error(new ResponseStatusException(
                                        HttpStatus.UNAUTHORIZED, "Wrong e-mail or password")));
                    }
                    Credential c = found.get();
                    return throttle.succeeded(email)
                            .then(Mono.fromCallable(
                                    () -> TokenResponse.of(issuer.issue(c.subject(), c.role(), c.displayName()))));
                });
    }

    record ServiceTokenRequest(
            @NotBlank String clientId, @NotBlank String clientSecret) {}

    @PostMapping("/api/auth/token")
    Mono<TokenResponse> serviceToken(@Valid @RequestBody ServiceTokenRequest request) {
        var client = properties.serviceClients().stream()
                .filter(c -> c.id() != null && c.secret() != null && !c.secret().isBlank())
                .filter(c -> c.id().equals(request.clientId())
                        && MessageDigest.isEqual(
                                c.secret().getBytes(StandardCharsets.UTF_8),
                                request.clientSecret().getBytes(StandardCharsets.UTF_8)))
                .findFirst();
        if (client.isEmpty()) {
            return Mono.error(new ResponseStatusException(HttpStatus.UNAUTHORIZED, "Unknown service client"));
        }
        return Mono.fromCallable(() -> TokenResponse.of(issuer.issue(
                request.clientId(),
                Role.SERVICE,
                request.clientId(),
                client.get().scopes())));
    }

    @GetMapping("/.well-known/jwks.json")
    Map<String, Object> jwks() {
        return keys.publicJwks().toJSONObject();
    }
}
