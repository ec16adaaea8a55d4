package com.smartsupport.conversation.outcomes;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a customer's message only says thanks ("Thanks!", "merci beaucoup", "great, thank you"): such a message
 * after an outcome closes the conversation politely rather than bringing the problem back, so it does not reopen
 * it. Anything longer than a few words, or with a "but", "not", "still" or the like, is taken as coming back.
 */
final class Gratitude {
    private static final int MAX_WORDS = 6;
    private static final List<String> THANKS = List.of(
            "thanks",
            "thank",
            "thx",
            "ty",
            "cheers",
            "merci",
            "gracias",
            "danke",
            "dank",
            "dankeschon",
            "obrigado",
            "obrigada",
            "grazie");
    private static final Set<String> FILLER = Set.of(
            "you",
            "so",
            "much",
            "very",
            "a",
            "lot",
            "great",
            "perfect",
            "ok",
            "okay",
            "good",
            "awesome",
            "brilliant",
            "many",
            "muchas",
            "beaucoup",
            "vielen",
            "schon",
            "muito",
            "mille",
            "tres",
            "bien",
            "super",
            "parfait",
            "genial",
            "again",
            "all",
            "for",
            "the",
            "help",
            "your",
            "de",
            "nada",
            "bye",
            "goodbye",
            "it",
            "worked",
            "works",
            "that",
            "did",
            "sorted",
            "solved",
            "fixed",
            "y",
            "and",
            "et",
            "und",
            "e");
    private static final Set<String> COMING_BACK = Set.of(
            "but", "not", "no", "still", "doesnt", "dont", "isnt", "didnt", "wont", "cant", "however", "mais", "pas",
            "pero", "todavia", "aber", "nicht", "noch", "mas", "nao", "ainda");

    private Gratitude() {}

    static boolean only(String message) {
        if (message == null) {
            return false;
        }
        String text = Normalizer.normalize(message, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replace("'", "")
                .toLowerCase(Locale.ROOT);
        List<String> words = Arrays.stream(text.split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isEmpty())
                .toList();
        if (words.isEmpty() || words.size() > MAX_WORDS || words.stream().anyMatch(COMING_BACK::contains)) {
            return false;
        }
        boolean thanked = words.stream().anyMatch(w -> THANKS.contains(w) || w.startsWith("thank"));
        return thanked
                && words.stream().allMatch(w -> THANKS.contains(w) || w.startsWith("thank") || FILLER.contains(w));
    }
}
