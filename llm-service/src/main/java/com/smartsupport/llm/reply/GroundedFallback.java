package com.smartsupport.llm.reply;

import com.smartsupport.llm.knowledge.LanguageGuess;
import com.smartsupport.llm.knowledge.Passage;
import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.profile.CustomerProfile.Purchase;
import com.smartsupport.llm.prompt.KnowledgeSection;
import com.smartsupport.llm.prompt.ProfileSection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The automatic answer used when no model is configured or the model cannot answer. It combines the best
 * knowledge-base passage for the question (quoted, with its source as {@code [1]}) with the customer's own facts
 * for the intents it recognises (order status and delivery, warranty, returns, subscription, account); when neither
 * the articles nor the customer's data answer the question, it says so in one polite sentence. Always marked as
 * automatic and always offering a human; written in the customer's language when it has the phrases (English,
 * French, Spanish, German) and, when it quotes an article, in that article's language.
 */
@Component
public class GroundedFallback {
    public static final String MARK = FallbackPhrases.EN.mark();
    public static final String OFFER_HUMAN = FallbackPhrases.EN.offerHuman();
    /** Characters of an article quoted at most. */
    static final int MAX_QUOTE = 420;

    private static final String[] ORDER_WORDS = {
        "order",
        "deliver",
        "shipping",
        "shipped",
        "parcel",
        "package",
        "track",
        "arriv",
        "where is",
        "status",
        "dispatch",
        "commande",
        "colis",
        "livr",
        "pedido",
        "envío",
        "envio",
        "paquete",
        "bestellung",
        "liefer",
        "paket",
        "sendung"
    };

    /** The answer's text, and the passages it cites in order ({@code [1]} is the first). */
    public record Answer(String text, List<Passage> sources) {}

    /** An answer from the customer's data alone (no knowledge base consulted). */
    public String answer(CustomerProfile profile, String message) {
        return answer(profile, message, List.of()).text();
    }

    /**
     * @param passages relevant knowledge passages, best first (public ones only: this goes to the customer)
     */
    public Answer answer(CustomerProfile profile, String message, List<Passage> passages) {
        return answer(profile, message, passages, null);
    }

    /**
     * @param action what was done about the action the message asks for (a card proposed, or why not), said first
     *               in place of the facts it would otherwise give; null if the message asks for none
     */
    public Answer answer(CustomerProfile profile, String message, List<Passage> passages, String action) {
        String language = replyLanguage(profile, message);
        Optional<Passage> quoted = pick(passages, language);
        FallbackPhrases say = FallbackPhrases.of(
                quoted.map(Passage::language).filter(FallbackPhrases::speaks).orElse(language));
        String body = body(say, profile, message, quoted.isPresent());
        String hello = profile == null || profile.firstName() == null
                ? say.hello()
                : String.format(say.helloNamed(), profile.firstName());
        StringBuilder text =
                new StringBuilder(say.mark()).append(' ').append(hello).append(' ');
        if (action != null && !action.isBlank()) {
            text.append(action).append(' ');
            body = null;
        }
        if (quoted.isPresent()) {
            Passage p = quoted.get();
            // the article's own "[n]" markers are not this answer's sources: written as "(n)"
            text.append(say.fromArticles())
                    .append(" [1]: \"")
                    .append(excerpt(KnowledgeSection.neutralise(p.text()), message))
                    .append("\" ");
        }
        if (body != null) {
            text.append(body).append(' ');
        } else if (quoted.isEmpty() && (action == null || action.isBlank())) {
            text.append(say.decline()).append(' ');
        }
        text.append(say.offerHuman());
        return new Answer(text.toString(), quoted.map(List::of).orElse(List.of()));
    }

    /** The body alone (no mark, greeting or offer of a person): what an agent's draft reply starts from. */
    public String draft(CustomerProfile profile, String message, List<Passage> passages) {
        Answer a = answer(profile, message, passages);
        String language = replyLanguage(profile, message);
        FallbackPhrases say = FallbackPhrases.of(
                a.sources().isEmpty() ? language : a.sources().get(0).language());
        String hello = profile == null || profile.firstName() == null
                ? say.hello()
                : String.format(say.helloNamed(), profile.firstName());
        return a.text()
                .replace(say.mark() + " " + hello + " ", "")
                .replace(" " + say.offerHuman(), "")
                .trim();
    }

    /** Whether a text is an automatic answer (in any of the languages it speaks). */
    public static boolean isAutomatic(String text) {
        return FallbackPhrases.isMarked(text);
    }

    /** The message's language when it is clear, else the profile's; null when neither says. */
    static String replyLanguage(CustomerProfile profile, String message) {
        String guessed = LanguageGuess.of(message);
        if (guessed != null) {
            return guessed;
        }
        String stated = profile == null || profile.account() == null
                ? null
                : profile.account().language();
        return stated == null ? null : stated.toLowerCase(Locale.ROOT).substring(0, Math.min(2, stated.length()));
    }

    /** The best passage, preferring one in the customer's language among those nearly as good. */
    private static Optional<Passage> pick(List<Passage> passages, String language) {
        if (passages == null || passages.isEmpty()) {
            return Optional.empty();
        }
        Passage best = passages.get(0);
        if (language != null && !language.equals(best.language())) {
            for (Passage p : passages.subList(0, Math.min(3, passages.size()))) {
                if (language.equals(p.language())) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.of(best);
    }

    /** The customer's own facts for the intent the message shows; null when it shows none of them. */
    private static String body(FallbackPhrases say, CustomerProfile profile, String message, boolean quoted) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (profile == null) {
            return quoted ? null : say.noAccount();
        }
        List<Purchase> purchases = ProfileSection.newestFirst(profile.purchases());
        Optional<Purchase> named =
                purchases.stream().filter(p -> mentions(text, p)).findFirst();
        Purchase subject = named.orElse(purchases.isEmpty() ? null : purchases.get(0));

        if (containsAny(text, "warrant", "guarantee", "garant", "broken", "defect", "repair", "répar", "repar")) {
            if (subject == null) {
                return quoted ? null : say.noPurchaseWarranty();
            }
            if (subject.warrantyEnd() == null) {
                return String.format(say.noWarrantyDate(), name(subject));
            }
            return String.format(
                    subject.warrantyEnd().isBefore(LocalDate.now()) ? say.warrantyEnded() : say.warrantyUntil(),
                    name(subject),
                    subject.warrantyEnd());
        }
        if (containsAny(
                text,
                "return",
                "refund",
                "exchange",
                "retour",
                "rembours",
                "devol",
                "reembols",
                "rücksend",
                "rueckgabe",
                "rückgabe",
                "zurück",
                "erstatt")) {
            if (subject == null) {
                return quoted ? null : say.noPurchaseReturn();
            }
            return String.format(say.returnOrder(), name(subject), subject.orderId(), subject.purchaseDate());
        }
        if (containsAny(
                text, "subscription", "plan", "renew", "membership", "techcare", "abonnement", "suscrip", "abo ")) {
            var s = profile.subscription();
            return s == null || s.plan() == null
                    ? say.noSubscription()
                    : String.format(
                            say.subscription(), s.plan(), s.status(), s.renewsOn() == null ? "" : ", " + s.renewsOn());
        }
        if (containsAny(text, "my account", "tier", "account number", "mon compte", "mi cuenta", "mein konto")) {
            var a = profile.account();
            return a == null
                    ? say.noAccountDetails()
                    : String.format(
                            say.account(), a.accountNumber(), a.name(), a.tier() == null ? "" : ", " + a.tier());
        }
        if (named.isPresent() || containsAny(text, ORDER_WORDS)) {
            if (subject == null) {
                return say.noOrders();
            }
            return String.format(
                    say.latest(),
                    name(subject),
                    subject.orderId(),
                    Optional.ofNullable(subject.orderStatus()).orElse(say.statusUnknown()),
                    subject.shippingStatus() == null ? "" : String.format(say.shipping(), subject.shippingStatus()));
        }
        return null;
    }

    /**
     * The sentences of a passage that share the most words with the question, in their original order, up to
     * {@link #MAX_QUOTE} characters: a short, relevant quote rather than the whole section.
     */
    static String excerpt(String passage, String question) {
        String flat = passage.replaceAll("\\s*\n\\s*[-*]\\s+", "; ")
                .replaceAll("\\s+", " ")
                .trim();
        if (flat.length() <= MAX_QUOTE) {
            return flat;
        }
        String[] sentences = flat.split("(?<=[.!?])\\s+");
        Set<String> asked = stems(question);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sentences.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> -overlap(stems(sentences[i]), asked))
                .thenComparingInt(i -> i));
        List<Integer> chosen = new ArrayList<>();
        int length = 0;
        for (int i : order) {
            if (length + sentences[i].length() > MAX_QUOTE && !chosen.isEmpty()) {
                continue;
            }
            chosen.add(i);
            length += sentences[i].length() + 1;
        }
        chosen.sort(Comparator.naturalOrder());
        StringBuilder out = new StringBuilder();
        for (int i : chosen) {
            out.append(out.isEmpty() ? "" : " ").append(sentences[i]);
        }
        String quote = out.toString();
        return quote.length() > MAX_QUOTE + 200 ? quote.substring(0, MAX_QUOTE) + " …" : quote;
    }

    private static Set<String> stems(String text) {
        Set<String> out = new HashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= 4) {
                out.add(w.substring(0, Math.min(5, w.length())));
            }
        }
        return out;
    }

    private static int overlap(Set<String> a, Set<String> b) {
        int n = 0;
        for (String s : a) {
            if (b.contains(s)) {
                n++;
            }
        }
        return n;
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
