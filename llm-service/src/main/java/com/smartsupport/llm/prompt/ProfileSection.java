package com.smartsupport.llm.prompt;

import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.profile.CustomerProfile.Purchase;
import com.smartsupport.platform.privacy.SecretRedactor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The customer's standing profile summary: account, subscription, preferences, latest purchases (masked). */
public final class ProfileSection {
    private final TokenCounter tokens;

    ProfileSection(TokenCounter tokens) {
        this.tokens = tokens;
    }

    public String text(CustomerProfile profile, int cap) {
        Section out = new Section(tokens, cap);
        if (profile == null) {
            out.add("Customer profile: unavailable right now. Do not guess account details; offer a human agent.");
            return out.text();
        }
        out.add("Customer profile (this customer only):");
        var a = profile.account();
        if (a != null) {
            out.add(line("Name", a.name()));
            out.add(line("Account", join(a.accountNumber(), a.tier() == null ? null : a.tier() + " tier")));
            out.add(line("Location", a.location()));
        }
        var s = profile.subscription();
        if (s != null) {
            out.add(line(
                    "Subscription",
                    join(s.plan(), s.status(), s.renewsOn() == null ? null : "renews " + s.renewsOn())));
        }
        var p = profile.preferences();
        if (p != null) {
            out.add(line("Preferred contact", p.contactChannel()));
            out.add(line("Interests", p.interests() == null ? null : String.join(", ", p.interests())));
            out.add(line(
                    "Accessibility",
                    p.accessibility() == null || p.accessibility().isEmpty()
                            ? null
                            : String.join(", ", p.accessibility())));
        }
        List<Purchase> purchases = newestFirst(profile.purchases());
        out.add("Purchases: " + purchases.size() + " in total; most recent first:");
        for (Purchase purchase : purchases.subList(0, Math.min(5, purchases.size()))) {
            if (!out.add("- " + describe(purchase))) {
                break;
            }
        }
        out.add("Past support cases: " + profile.supportHistory().size() + ".");
        return out.text();
    }

    public static List<Purchase> newestFirst(List<Purchase> purchases) {
        List<Purchase> copy = new ArrayList<>(purchases);
        copy.sort(Comparator.comparing(Purchase::purchaseDate, Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed());
        return copy;
    }

    public static String describe(Purchase p) {
        String specs = p.specs() == null || p.specs().isEmpty()
                ? null
                : p.specs().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "));
        return SecretRedactor.redact(join(
                p.orderId(),
                p.product(),
                p.model() == null ? null : "model " + p.model(),
                specs,
                p.price() == null ? null : p.price().toPlainString() + (p.currency() == null ? "" : " " + p.currency()),
                p.purchaseDate() == null ? null : "bought " + p.purchaseDate(),
                p.orderStatus() == null ? null : "order " + p.orderStatus(),
                p.shippingStatus() == null ? null : "shipping: " + p.shippingStatus(),
                p.warrantyEnd() == null ? null : "warranty until " + p.warrantyEnd()));
    }

    private static String line(String label, String value) {
        return value == null || value.isBlank() ? null : label + ": " + SecretRedactor.redact(value);
    }

    static String join(String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                present.add(part);
            }
        }
        return String.join("; ", present);
    }
}
