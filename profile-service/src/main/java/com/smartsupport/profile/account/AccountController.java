package com.smartsupport.profile.account;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import com.smartsupport.platform.web.IdempotencyKeys;
import com.smartsupport.profile.customer.CustomerProfile.Preferences;
import com.smartsupport.profile.customer.Refusals;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The customer's own account actions (the assistant's confirmation card calls these with the customer's token):
 * pause or cancel their plan, choose how they are contacted. Customers only; a change that cannot be made is a
 * 409 whose {@code reason} says why.
 */
@RestController
@RequestMapping("/api/profiles/me")
@SecurityRequirement(name = "bearer")
class AccountController {
    private final SubscriptionActions subscriptions;
    private final ContactPreference contact;

    AccountController(SubscriptionActions subscriptions, ContactPreference contact) {
        this.subscriptions = subscriptions;
        this.contact = contact;
    }

    /** {@code months}: a whole number (1.5 is a 400, not a month). */
    record Pause(
            @NotNull
            @Min(1)
            @Max(3)
            @JsonDeserialize(using = WholeNumber.class)
            @Schema(requiredMode = REQUIRED, minimum = "1", maximum = "3")
            Integer months) {}

    /** An integer as JSON writes one: Jackson would otherwise turn 1.5 into 1. */
    static final class WholeNumber extends ValueDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
            }
            return p.getIntValue();
        }
    }

    record ContactChannel(
            @NotNull
            @Pattern(regexp = "email|chat|phone|sms", message = "must be email, chat, phone or sms")
            @Schema(
                    requiredMode = REQUIRED,
                    allowableValues = {"email", "chat", "phone", "sms"})
            String channel) {}

    @Operation(
            summary = "Pause the caller's active plan for 1 to 3 months, once in any 12 months (customers); 409 with a"
                    + " reason when it cannot be paused")
    @PostMapping("/subscription/pause")
    Mono<SubscriptionView> pauseSubscription(
            @Valid @RequestBody Pause body,
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
        return subscriptions.pause(customerId, body.months(), Refusals.requiredKey(key));
    }

    @Operation(
            summary = "Cancel the caller's active or paused plan at its renewal date (customers); 409 with a reason"
                    + " when there is nothing to cancel")
    @PostMapping("/subscription/cancel")
    Mono<SubscriptionView> cancelSubscription(
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
        return subscriptions.cancel(customerId, Refusals.requiredKey(key));
    }

    @Operation(summary = "Choose how the caller is contacted: email, chat, phone or sms (customers)")
    @PutMapping("/preferences/contact-channel")
    Mono<Preferences> changeContactChannel(
            @Valid @RequestBody ContactChannel body,
            @Parameter(
                            in = ParameterIn.HEADER,
                            name = IdempotencyKeys.HEADER,
                            description = "optional: setting the same channel again changes nothing anyway",
                            schema = @Schema(type = "string", pattern = "^[A-Za-z0-9_-]{8,64}$"))
                    @RequestHeader(name = IdempotencyKeys.HEADER, required = false)
                    String key,
            @AuthenticationPrincipal Jwt jwt) {
        String customerId = Caller.of(jwt).require(Role.CUSTOMER).subject();
        IdempotencyKeys.validated(key);
        return contact.change(customerId, body.channel());
    }
}
