package com.smartsupport.profile.orders;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import com.smartsupport.platform.web.IdempotencyKeys;
import com.smartsupport.profile.customer.CustomerProfile.ReturnStatus;
import com.smartsupport.profile.customer.ProfileService;
import com.smartsupport.profile.customer.Refusals;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Returns of orders. A customer checks and starts the return of their own orders (the assistant's confirmation
 * card calls this with the customer's token); agents and services with {@code profiles:read} check any customer's
 * order (the assistant's tool); agents and services with {@code profiles:write} (the CRM sync) move a return
 * along. Another customer's order answers 404, revealing nothing.
 */
@RestController
@RequestMapping("/api/profiles")
@SecurityRequirement(name = "bearer")
class ReturnsController {
    static final String READ = "profiles:read";
    static final String WRITE = "profiles:write";

    private final Returns returns;

    ReturnsController(Returns returns) {
        this.returns = returns;
    }

    record NewReturn(
            @NotNull
            @Pattern(
                    regexp = "changed_mind|faulty|damaged|wrong_item|other",
                    message = "must be changed_mind, faulty, damaged, wrong_item or other")
            @Schema(
                    requiredMode = REQUIRED,
                    allowableValues = {"changed_mind", "faulty", "damaged", "wrong_item", "other"})
            String reason,

            @Size(max = 500) String note) {}

    record StatusChange(
            @NotNull
            @Schema(
                    requiredMode = REQUIRED,
                    allowableValues = {"LABEL_SENT", "RECEIVED", "REFUNDED"})
            @Pattern(regexp = "LABEL_SENT|RECEIVED|REFUNDED", message = "must be LABEL_SENT, RECEIVED or REFUNDED")
            String status) {}

    @Operation(summary = "Whether one of the caller's orders can be returned today, and on what terms (customers)")
    @GetMapping("/me/orders/{orderId}/return-eligibility")
    Mono<ReturnEligibilityView> myReturnEligibility(@PathVariable String orderId, @AuthenticationPrincipal Jwt jwt) {
        return returns.eligibility(Caller.of(jwt).require(Role.CUSTOMER).subject(), orderId);
    }

    @Operation(
            summary = "Whether a customer's order can be returned today (agents, services with profiles:read, the"
                    + " customer themself)")
    @GetMapping("/{customerId}/orders/{orderId}/return-eligibility")
    Mono<ReturnEligibilityView> returnEligibility(
            @PathVariable String customerId, @PathVariable String orderId, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Caller.of(jwt);
        boolean own = caller.is(Role.CUSTOMER) && caller.subject().equals(customerId);
        if (!own && !caller.is(Role.AGENT) && !caller.isServiceWith(READ)) {
            return Mono.error(caller.is(Role.CUSTOMER) ? ProfileService.notFound() : Refusals.forbidden());
        }
        return returns.eligibility(customerId, orderId);
    }

    @Operation(
            summary = "Start the return of one of the caller's orders (customers): 201 with the return, 200 with the"
                    + " same return for the same Idempotency-Key, 409 with a reason when it cannot be returned")
    @PostMapping("/me/orders/{orderId}/returns")
    Mono<ResponseEntity<ReturnView>> requestReturn(
            @PathVariable String orderId,
            @Valid @RequestBody NewReturn body,
            @Parameter(
                            in = ParameterIn.HEADER,
                            name = IdempotencyKeys.HEADER,
                            required = true,
                            description = "8 to 64 letters, digits, '-' or '_'; the same on every retry",
                            schema = @Schema(type = "string", pattern = "^[A-Za-z0-9_-]{8,64}$"))
                    @RequestHeader(name = IdempotencyKeys.HEADER, required = false)
                    String key,
            @AuthenticationPrincipal Jwt jwt) {
        String customerId = Caller.of(jwt).require(Role.CUSTOMER).subject();
        return returns.request(customerId, orderId, body.reason(), blankToNull(body.note()), Refusals.requiredKey(key))
                .map(r -> ResponseEntity.status(r.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(r.view()));
    }

    @Operation(
            summary = "Move a return forward (agents, CRM sync): the same status again changes nothing, an earlier one"
                    + " is a 409; REFUNDED marks the order returned")
    @PutMapping("/{customerId}/orders/{orderId}/returns/{rma}")
    Mono<ReturnView> advanceReturn(
            @PathVariable String customerId,
            @PathVariable String orderId,
            @PathVariable String rma,
            @Valid @RequestBody StatusChange body,
            @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Caller.of(jwt);
        if (!caller.is(Role.AGENT) && !caller.isServiceWith(WRITE)) {
            return Mono.error(Refusals.forbidden());
        }
        return returns.advance(customerId, orderId, rma, ReturnStatus.valueOf(body.status()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
