package com.smartsupport.profile.identity;

import com.smartsupport.platform.events.SessionsRevoked;
import com.smartsupport.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Anyone who signs in with a password (agent, admin, customer) changes it ({@code POST /api/auth/password}): the
 * current password is required, and wrong ones are throttled like logins but on a count of their own (a stolen
 * session can neither guess it nor lock its owner out of signing in); every other session ends at once, and the
 * caller gets a new token to go on with.
 */
@RestController
class PasswordController {
    private static final Logger log = LoggerFactory.getLogger(PasswordController.class);
    /** Wrong current passwords are counted apart from failed logins. */
    private static final String THROTTLE_KEY = "password-change:";

    private final CredentialRepository credentials;
    private final LoginThrottle throttle;
    private final SessionRevocations sessions;
    private final TokenIssuer issuer;
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();

    PasswordController(
            CredentialRepository credentials, LoginThrottle throttle, SessionRevocations sessions, TokenIssuer issuer) {
        this.credentials = credentials;
        this.throttle = throttle;
        this.sessions = sessions;
        this.issuer = issuer;
    }

    record ChangePassword(
            @NotBlank @Size(max = 200) String currentPassword,
            @NotBlank @Size(min = 12, max = 200) String newPassword) {}

    @PostMapping("/api/auth/password")
    Mono<AuthController.TokenResponse> change(
            @Valid @RequestBody ChangePassword body, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Caller.of(jwt);
        if (body.newPassword().equals(body.currentPassword())) {
            return Mono.error(new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "The new password must differ from the current one"));
        }
        return credentials
                .findBySubject(caller.subject())
                .next()
                .switchIfEmpty(Mono.error(new ResponseStatusException(
                        HttpStatus.CONFLICT,
                        "This account signs in without a password here (through the shop or single sign-on)")))
                .flatMap(credential -> throttle.check(THROTTLE_KEY + credential.email())
                        .then(Mono.fromCallable(
                                        () -> encoder.matches(body.currentPassword(), credential.passwordHash()))
                                .subscribeOn(Schedulers.boundedElastic()))
                        .flatMap(ok -> ok
                                ? Mono.just(credential)
                                : throttle.failed(THROTTLE_KEY + credential.email())
                                        .then(Mono.error(new ResponseStatusException(
                                                HttpStatus.FORBIDDEN, "The current password is not right")))))
                .flatMap(credential -> Mono.fromCallable(() -> encoder.encode(body.newPassword()))
                        .subscribeOn(Schedulers.boundedElastic()) // BCrypt is slow on purpose
                        .flatMap(hash -> credentials.save(new Credential(
                                credential.email(),
                                credential.subject(),
                                credential.role(),
                                credential.displayName(),
                                hash)))
                        .flatMap(saved ->
                                throttle.succeeded(THROTTLE_KEY + saved.email()).thenReturn(saved)))
                .flatMap(saved -> sessions.revoke(saved.subject(), saved.role(), SessionsRevoked.PASSWORD_CHANGED)
                        .map(at -> AuthController.TokenResponse.of(
                                issuer.issueAfter(at, saved.subject(), saved.role(), saved.displayName()))))
                .doOnNext(t -> log.info("{} changed their password; their other sessions ended", t.subject()));
    }
}
