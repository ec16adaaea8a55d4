package com.smartsupport.profile.customer;

import com.smartsupport.profile.customer.CustomerProfile.Account;
import com.smartsupport.profile.customer.CustomerProfile.Preferences;
import com.smartsupport.profile.customer.CustomerProfile.Purchase;
import com.smartsupport.profile.customer.CustomerProfile.Subscription;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The validated shapes of profile writes (agents and the CRM sync). */
public final class ProfileRequests {
    /** Account numbers look like {@code ACC-123456}. */
    public static final String ACCOUNT_NUMBER = "ACC-[0-9]{6}";
    /** Spec names become MongoDB field names: no dots, dollars or NUL. */
    static final String SPEC_NAME = "[^.$\\u0000]+";

    private ProfileRequests() {}

    /**
     * A date people mean and MongoDB can store (as milliseconds): years 1900 to 2999. {@code LocalDate} itself
     * accepts years up to ±999,999,999, which fail only when written.
     */
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = PlausibleDate.Check.class)
    public @interface PlausibleDate {
        String message() default "must be a date between 1900-01-01 and 2999-12-31";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Check implements ConstraintValidator<PlausibleDate, LocalDate> {
            @Override
            public boolean isValid(LocalDate date, ConstraintValidatorContext context) {
                return date == null || date.getYear() >= 1900 && date.getYear() <= 2999;
            }
        }
    }

    public record AccountRequest(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Email @Size(max = 320) String email,

            @Pattern(regexp = ACCOUNT_NUMBER, message = "must look like ACC-123456")
            String accountNumber,

            @Size(max = 200) String location,

            @Pattern(regexp = "[a-z]{2}(-[A-Z]{2})?", message = "must be a language code such as en or fr-CA")
            String language,

            @Pattern(regexp = "standard|silver|gold|platinum", message = "must be standard, silver, gold or platinum")
            String tier) {

        Account toAccount(String generatedAccountNumber) {
            return new Account(
                    name.trim(),
                    email.trim().toLowerCase(Locale.ROOT),
                    accountNumber != null ? accountNumber : generatedAccountNumber,
                    location,
                    language,
                    tier);
        }
    }

    public record PreferencesRequest(
            @Pattern(regexp = "chat|email|phone|sms", message = "must be chat, email, phone or sms")
            String contactChannel,

            @Size(max = 20) List<@NotBlank @Size(max = 60) String> interests,
            @Size(max = 10) List<@NotBlank @Size(max = 60) String> accessibility) {

        Preferences toPreferences() {
            return new Preferences(contactChannel, interests, accessibility);
        }
    }

    public record SubscriptionRequest(
            @NotBlank @Size(max = 100) String plan,

            @NotBlank
            @Pattern(
                    regexp = "active|paused|inactive|cancelled|past_due",
                    message = "must be active, paused, inactive, cancelled or past_due")
            String status,

            @PlausibleDate LocalDate renewsOn) {

        Subscription toSubscription() {
            return new Subscription(plan, status, renewsOn);
        }
    }

    public record PurchaseRequest(
            @NotBlank
            @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{2,39}", message = "must be 3-40 capital letters, digits or -")
            String orderId,

            @NotBlank @Size(max = 200) String product,
            @Size(max = 100) String model,

            @Size(max = 30)
            Map<
                            @NotBlank @Size(max = 60)
                            @Pattern(regexp = SPEC_NAME, message = "must not contain '.', '$' or NUL") String,
                            @NotNull @Size(max = 200) String>
                    specs,

            @DecimalMin(value = "0", message = "must not be negative")
            BigDecimal price,

            @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
            String currency,

            @NotNull @PastOrPresent @PlausibleDate LocalDate purchaseDate,

            @Pattern(
                    regexp = "processing|shipped|delivered|cancelled|returned",
                    message = "must be processing, shipped, delivered, cancelled or returned")
            String orderStatus,

            @Size(max = 200) String shippingStatus,
            @PlausibleDate LocalDate warrantyEnd) {

        Purchase toPurchase() {
            return new Purchase(
                    orderId,
                    product,
                    model,
                    specs,
                    price,
                    currency,
                    purchaseDate,
                    orderStatus,
                    shippingStatus,
                    warrantyEnd);
        }
    }

    /** Creates a profile (POST) or replaces its account, preferences and subscription (PUT). */
    public record ProfileRequest(
            @NotNull @Valid AccountRequest account,
            @Valid PreferencesRequest preferences,
            @Valid SubscriptionRequest subscription,
            @Size(max = 1000) List<@Valid @NotNull PurchaseRequest> purchases) {}
}
