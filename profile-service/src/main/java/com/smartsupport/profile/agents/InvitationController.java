package com.smartsupport.profile.agents;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The invitee sets a password with the one-time link ({@code POST /api/auth/invitations/{token}}, public). */
@RestController
class InvitationController {
    private final AgentAdministration administration;

    InvitationController(AgentAdministration administration) {
        this.administration = administration;
    }

    record SetPassword(@NotBlank @Size(min = 12, max = 200) String password) {}

    @PostMapping("/api/auth/invitations/{token}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> accept(@PathVariable @Size(max = 100) String token, @Valid @RequestBody SetPassword body) {
        return administration.accept(token, body.password()).then();
    }
}
