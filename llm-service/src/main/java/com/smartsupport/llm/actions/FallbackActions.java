package com.smartsupport.llm.actions;

import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.profile.CustomerProfile.Purchase;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Without a model, the grounded answer still proposes the actions a message asks for plainly ("I want to return my
 * headphones", "please pause my TechCare plan for two months", "contact me by e-mail"), through the same tools and
 * checks as the model. Questions about a policy ("how long do I have to return…?") propose nothing: they are
 * answered from the articles. What it finds is said in one sentence that goes before the rest of the answer.
 */
@Component
public class FallbackActions {
    private static final Pattern WANTS_RETURN =
            Pattern.compile("\\b(want|like|need|wish|going) to (return|send back)\\b"
                    + "|\\bstart (a|the|my) return\\b|\\bi'?d like a refund for\\b|\\breturn (it|them) please\\b"
                    + "|\\b(je veux|je voudrais|j'aimerais) (retourner|renvoyer|rendre)\\b|\\bquiero devolver\\b"
                    + "|\\bmochte .{0,40}(zuruckgeben|zurucksenden)\\b|\\bquero devolver\\b");
    private static final Pattern WANTS_PAUSE =
            Pattern.compile("\\bpause\\b.{0,40}\\b(plan|subscription|techcare|membership)\\b"
                    + "|\\b(plan|subscription|techcare|membership)\\b.{0,40}\\bpause");
    private static final Pattern WANTS_CANCEL =
            Pattern.compile("\\bcancel\\b.{0,40}\\b(plan|subscription|techcare|membership)\\b"
                    + "|\\b(plan|subscription|techcare|membership)\\b.{0,40}\\bcancel");
    private static final Pattern WANTS_CHANNEL = Pattern.compile(
            "\\b(contact|reach|message|call|text) me (by|via|through|on|over) (e-?mail|phone|sms|text|chat)\\b"
                    + "|\\bprefer (e-?mail|phone|sms|chat)\\b");
    private static final Pattern MONTHS = Pattern.compile("\\b(1|2|3|one|two|three) months?\\b");
    private static final Pattern QUESTION = Pattern.compile(
            "^(how|what|when|can|could|do|does|is|are|where|why|which)\\b|\\bhow long\\b|\\bhow do\\b|\\bcan i\\b");
    private static final Set<String> GENERIC =
            Set.of("with", "from", "pro", "plus", "mini", "wireless", "smart", "the", "and");

    /** The sentence about the action this message asks for, if it asks for one. */
    public Mono<Optional<String>> forMessage(Toolbox tools, CustomerProfile profile, String message) {
        String text = normalise(message);
        if (text.isBlank() || QUESTION.matcher(text).find()) {
            return Mono.just(Optional.empty());
        }
        Mono<Outcome> outcome;
        String tool;
        if (WANTS_RETURN.matcher(text).find()) {
            Optional<Purchase> order = whichOrder(profile, text);
            if (order.isEmpty()) {
                return Mono.just(Optional.of(askWhichOrder(profile)));
            }
            tool = "start_return";
            outcome = Mono.defer(() -> tools.startReturn(order.get().orderId(), reason(text)));
        } else if (WANTS_PAUSE.matcher(text).find()) {
            tool = "pause_subscription";
            outcome = Mono.defer(() -> tools.pauseSubscription(months(text)));
        } else if (WANTS_CANCEL.matcher(text).find() && !text.contains("order")) {
            tool = "cancel_subscription";
            outcome = Mono.defer(tools::cancelSubscription);
        } else {
            Matcher channel = WANTS_CHANNEL.matcher(text);
            if (!channel.find()) {
                return Mono.just(Optional.empty());
            }
            String named = channel.group(3) != null ? channel.group(3) : channel.group(4);
            tool = "change_contact_preference";
            outcome = Mono.defer(() -> tools.changeContact(channelOf(named)));
        }
        return tools.guarded(tool, outcome).map(FallbackActions::sentence).map(Optional::of);
    }

    static String sentence(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Proposed p
            when p.alreadyWaiting() ->
                "The card for \"" + p.action().title() + "\" is waiting below: press Confirm or Decline.";
            case Outcome.Proposed p ->
                "I've prepared this for you: " + p.action().title() + ". Please check the details in the card below"
                        + " and press Confirm, or Decline if it isn't right.";
            case Outcome.Refused r -> r.message();
            case Outcome.Failed f -> f.message();
            case Outcome.Read r -> "";
        };
    }

    /** The purchase the message names: by order id, else by the most words of its product name, newest first. */
    static Optional<Purchase> whichOrder(CustomerProfile profile, String text) {
        if (profile == null || profile.purchases().isEmpty()) {
            return Optional.empty();
        }
        for (Purchase p : profile.purchases()) {
            if (p.orderId() != null && text.contains(p.orderId().toLowerCase(Locale.ROOT))) {
                return Optional.of(p);
            }
        }
        Set<String> words = Arrays.stream(text.split("[^\\p{L}\\p{N}]+")).collect(Collectors.toSet());
        List<Purchase> named = profile.purchases().stream()
                .filter(p -> matches(p, words) > 0)
                .sorted(Comparator.comparingInt((Purchase p) -> matches(p, words))
                        .reversed()
                        .thenComparing(Purchase::purchaseDate, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
        if (!named.isEmpty()) {
            return Optional.of(named.get(0));
        }
        return profile.purchases().size() == 1 ? Optional.of(profile.purchases().get(0)) : Optional.empty();
    }

    private static int matches(Purchase p, Set<String> words) {
        if (p.product() == null) {
            return 0;
        }
        int n = 0;
        for (String word : normalise(p.product()).split("[^\\p{L}\\p{N}]+")) {
            String singular = word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
            if (word.length() >= 3
                    && !GENERIC.contains(word)
                    && (words.contains(word) || words.contains(singular) || words.contains(word + "s"))) {
                n++;
            }
        }
        return n;
    }

    private static String askWhichOrder(CustomerProfile profile) {
        if (profile == null || profile.purchases().isEmpty()) {
            return "I can't find any orders on your account to return.";
        }
        return "Which order would you like to return? "
                + profile.purchases().stream()
                        .limit(5)
                        .map(p -> p.orderId() + " (" + p.product() + ")")
                        .collect(Collectors.joining(", "))
                + ".";
    }

    private static String reason(String text) {
        if (text.matches(".*\\b(broken|faulty|defective|stopped working|not working|doesn'?t work|dead)\\b.*")) {
            return "faulty";
        }
        if (text.matches(".*\\b(damaged|cracked|scratched|dented)\\b.*")) {
            return "damaged";
        }
        if (text.matches(".*\\b(wrong item|wrong one|not what i ordered)\\b.*")) {
            return "wrong_item";
        }
        return "changed_mind";
    }

    private static int months(String text) {
        Matcher m = MONTHS.matcher(text);
        if (!m.find()) {
            return 1;
        }
        return switch (m.group(1)) {
            case "2", "two" -> 2;
            case "3", "three" -> 3;
            default -> 1;
        };
    }

    private static String channelOf(String named) {
        return switch (named) {
            case "email", "e-mail" -> "email";
            case "text", "sms" -> "sms";
            default -> named;
        };
    }

    private static String normalise(String s) {
        return s == null
                ? ""
                : Normalizer.normalize(s, Normalizer.Form.NFD)
                        .replaceAll("\\p{M}", "")
                        .toLowerCase(Locale.ROOT)
                        .trim();
    }
}
