package com.smartsupport.profile.agents;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

/** Admins manage agents ({@code /api/admin/agents}); nobody else may. */
@RestController
@RequestMapping("/api/admin/agents")
class AgentAdminController {
    private final AgentAdministration administration;

    AgentAdminController(AgentAdministration administration) {
        this.administration = administration;
    }

    record NewAgent(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Email @Size(max = 320) String email,
            @NotNull @Size(min = 1, max = 10) List<@NotNull @Pattern(regexp = "[a-z]{2}") String> languages,
            @NotNull @Min(1) @Max(20) Integer maxCases) {}

    record AgentChange(
            @Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*")
            String name,

            @Size(min = 1, max = 10) List<@NotNull @Pattern(regexp = "[a-z]{2}") String> languages,
            @Min(1) @Max(20) Integer maxCases,
            Boolean active) {}

    /** An agent as the admin sees it; {@code inviteUrl} only right after an invitation that was not e-mailed. */
    record AgentView(
            @Schema(requiredMode = REQUIRED) String agentId,
            @Schema(requiredMode = REQUIRED) String name,
            @Schema(requiredMode = REQUIRED) String email,
            @Schema(requiredMode = REQUIRED) List<String> languages,
            @Schema(requiredMode = REQUIRED) int maxCases,

            @Schema(
                    requiredMode = REQUIRED,
                    allowableValues = {"INVITED", "ACTIVE", "DEACTIVATED"})
            String status,

            Instant invitedAt,
            Instant activatedAt,
            Instant deactivatedAt,
            String inviteUrl,
            Boolean invitationEmailed) {
        static AgentView of(AgentAccount a) {
            return of(a, null, null);
        }

        static AgentView of(AgentAccount a, String inviteUrl, Boolean emailed) {
            return new AgentView(
                    a.agentId(),
                    a.name(),
                    a.email(),
                    a.languages(),
                    a.maxCases(),
                    a.status().name(),
                    a.invitedAt(),
                    a.activatedAt(),
                    a.deactivatedAt(),
                    inviteUrl,
                    emailed);
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AgentView> invite(@Valid @RequestBody NewAgent body, @AuthenticationPrincipal Jwt jwt) {
        Caller.of(jwt).require(Role.ADMIN);
        return administration
                .invite(body.name(), body.email(), body.languages(), body.maxCases())
                .map(i -> AgentView.of(i.agent(), i.inviteUrl(), i.emailed()));
    }

    @GetMapping
    Flux<AgentView> list(@AuthenticationPrincipal Jwt jwt) {
        Caller.of(jwt).require(Role.ADMIN);
        return administration.list().map(AgentView::of);
    }

    @PatchMapping("/{agentId}")
    Mono<AgentView> change(
            @PathVariable @Size(max = 64) String agentId,
            @Valid @RequestBody AgentChange body,
            @AuthenticationPrincipal Jwt jwt) {
        Caller.of(jwt).require(Role.ADMIN);
        return administration
                .change(agentId, body.name(), body.languages(), body.maxCases(), body.active())
                .map(AgentView::of);
    }
}
