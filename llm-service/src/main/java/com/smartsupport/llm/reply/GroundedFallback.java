package com.smartsupport.llm.reply;

import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.profile.CustomerProfile.Purchase;
import com.smartsupport.llm.prompt.PromptBuilder;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The automatic answer used when no model is configured or the model cannot answer: built only from the
 * customer's own profile for the common intents (order status and delivery, warranty, returns, subscription,
 * account), plainly marked as automatic, always offering a human.
 */
@Component
public class GroundedFallback {
    public static final String MARK = "(Automatic answer.)";
    public static final String OFFER_HUMAN = "If you'd like, press \"Talk to a person\" and a human agent will take over.";

    public String answer(CustomerProfile profile, String message) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (profile == null) {
            return MARK + " I can't reach your account details right now, so I can't check your orders at this "
                    + "moment. " + OFFER_HUMAN;
        }
        String hello = profile.firstName() == null ? "Hello." : "Hello " + profile.firstName() + ".";
        List<Purchase> purchases = PromptBuilder.newestFirst(profile.purchases());
        Optional<Purchase> named = purchases.stream().filter(p -> mentions(text, p)).findFirst();
        Purchase subject = named.orElse(purchases.isEmpty() ? null : purchases.get(0));

        String body;
        if (containsAny(text, "warrant", "guarantee", "broken", "defect", "repair")) {
            body = subject == null ? "I can't find a purchase on your account to check a warranty for."
                    : subject.warrantyEnd() == null
                    ? "I can't see a warranty date for your " + name(subject) + "."
                    : "Your " + name(subject) + " is under warranty until " + subject.warrantyEnd()
                    + (subject.warrantyEnd().isBefore(LocalDate.now()) ? " (it has now ended)." : ".");
        } else if (containsAny(text, "return", "refund", "exchange")) {
            body = subject == null ? "I can't find a purchase on your account to return."
                    : "Your " + name(subject) + " (order " + subject.orderId() + ", bought "
                    + subject.purchaseDate() + ") is the order I'd look at; an agent can confirm whether it "
                    + "can still be returned and start the return for you.";
        } else if (containsAny(text, "subscription", "plan", "renew", "membership")) {
            var s = profile.subscription();
            body = s == null || s.plan() == null ? "I can't see a subscription on your account."
                    : "Your subscription is " + s.plan() + ", status " + s.status()
                    + (s.renewsOn() == null ? "." : ", renewing on " + s.renewsOn() + ".");
        } else if (containsAny(text, "account", "email", "address", "tier")) {
            var a = profile.account();
            body = a == null ? "I can't see your account details right now."
                    : "Your account " + a.accountNumber() + " is registered to " + a.name()
                    + (a.tier() == null ? "" : ", " + a.tier() + " tier") + ".";
        } else if (subject != null) {
            body = "Here is the latest on your " + name(subject) + " (order " + subject.orderId() + "): "
                    + "order " + Optional.ofNullable(subject.orderStatus()).orElse("status unknown")
                    + (subject.shippingStatus() == null ? "." : ", shipping: " + subject.shippingStatus() + ".");
        } else {
            body = "I can't find any orders on your account.";
        }
        return MARK + " " + hello + " " + body + " " + OFFER_HUMAN;
    }

    private static boolean mentions(String text, Purchase p) {
        return word(text, p.product()) || word(text, p.model()) || word(text, p.orderId());
    }

    private static boolean word(String text, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        String v = value.toLowerCase(Locale.ROOT);
        if (text.contains(v)) {
            return true;
        }
        for (String token : v.split("[^\\p{L}\\p{N}]+")) {
            if (token.length() >= 5 && text.contains(token)) {
                return true;
            }
        }
        return false;
    }

    private static String name(Purchase p) {
        return p.product() == null ? "order " + p.orderId() : p.product();
    }

    private static boolean containsAny(String text, String... words) {
        for (String w : words) {
            if (text.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
