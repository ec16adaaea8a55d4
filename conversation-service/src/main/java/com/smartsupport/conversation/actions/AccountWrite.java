package com.smartsupport.conversation.actions;

import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * What each kind of action asks profile-service, the owner of orders, subscriptions and preferences, to do, and
 * how its answer reads to the customer. The request is always made with the customer's own token.
 */
enum AccountWrite {
    START_RETURN("start_return", HttpMethod.POST, "/api/profiles/me/orders/{orderId}/returns") {
        @Override
        Map<String, Object> body(Map<String, String> arguments) {
            return Map.of("reason", arguments.getOrDefault("reason", "other"));
        }

        @Override
        String done(Action action, JsonNode answer) {
            String rma = text(answer, "rma").orElse("");
            return "Return " + rma + " started for order " + action.orderId() + "."
                    + text(answer, "dropOffBy")
                            .map(by -> " Drop the parcel off at a ParcelPro point by " + by + ".")
                            .orElse("");
        }
    },
    PAUSE_SUBSCRIPTION("pause_subscription", HttpMethod.POST, "/api/profiles/me/subscription/pause") {
        @Override
        Map<String, Object> body(Map<String, String> arguments) {
            return Map.of("months", Integer.parseInt(arguments.getOrDefault("months", "1")));
        }

        @Override
        String done(Action action, JsonNode answer) {
            return text(answer, "summary")
                    .orElseGet(() -> "Your plan is paused"
                            + text(answer, "pausedUntil")
                                    .map(d -> " until " + d)
                                    .orElse("") + ".");
        }
    },
    CANCEL_SUBSCRIPTION("cancel_subscription", HttpMethod.POST, "/api/profiles/me/subscription/cancel") {
        @Override
        String done(Action action, JsonNode answer) {
            return text(answer, "summary")
                    .orElseGet(() -> "Your plan is cancelled"
                            + text(answer, "endsOn")
                                    .map(d -> "; it ends on " + d)
                                    .orElse("") + ".");
        }
    },
    CHANGE_CONTACT_PREFERENCE(
            "change_contact_preference", HttpMethod.PUT, "/api/profiles/me/preferences/contact-channel") {
        @Override
        Map<String, Object> body(Map<String, String> arguments) {
            return Map.of("channel", arguments.getOrDefault("channel", ""));
        }

        @Override
        String done(Action action, JsonNode answer) {
            return "From now on we contact you by "
                    + text(answer, "contactChannel").orElse(action.arguments().getOrDefault("channel", "")) + ".";
        }
    };

    final String kind;
    final HttpMethod method;
    final String path;

    AccountWrite(String kind, HttpMethod method, String path) {
        this.kind = kind;
        this.method = method;
        this.path = path;
    }

    static Optional<AccountWrite> of(String kind) {
        for (AccountWrite w : values()) {
            if (w.kind.equals(kind)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    /** The request body; none by default. */
    Map<String, Object> body(Map<String, String> arguments) {
        return Map.of();
    }

    /** What the customer reads once it is done. */
    abstract String done(Action action, JsonNode answer);

    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.asString().isBlank()
                ? Optional.empty()
                : Optional.of(value.asString());
    }
}
