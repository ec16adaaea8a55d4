package com.smartsupport.llm.knowledge;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which of the supported languages a short customer message is written in, from its function words (articles,
 * pronouns, prepositions): enough to pick the articles' language and the offline answer's, not a general detector.
 * Null when the message gives too little to go on.
 */
public final class LanguageGuess {
    private static final Map<String, Set<String>> WORDS = Map.of(
            "en",
                    words(
                            "the", "my", "is", "are", "how", "what", "when", "can", "do", "does", "i", "you", "to",
                            "of", "and", "it", "for", "with", "where", "why", "have", "not", "was", "your", "this",
                            "a"),
            "fr",
                    words(
                            "le",
                            "la",
                            "les",
                            "mon",
                            "ma",
                            "mes",
                            "est",
                            "comment",
                            "quand",
                            "je",
                            "vous",
                            "de",
                            "du",
                            "des",
                            "et",
                            "pour",
                            "avec",
                            "où",
                            "pourquoi",
                            "ne",
                            "pas",
                            "un",
                            "une",
                            "que",
                            "qui",
                            "puis",
                            "ai",
                            "il",
                            "au",
                            "sur",
                            "votre",
                            "combien",
                            "quel",
                            "quelle"),
            "es",
                    words(
                            "el", "los", "las", "mi", "mis", "es", "cómo", "como", "cuándo", "yo", "usted", "de", "del",
                            "y", "para", "con", "dónde", "por", "qué", "no", "un", "una", "que", "puedo", "mis",
                            "tengo", "cuánto", "cuanto", "se", "su", "lo"),
            "de",
                    words(
                            "der", "die", "das", "mein", "meine", "ist", "wie", "wann", "ich", "sie", "zu", "von",
                            "und", "für", "mit", "wo", "warum", "nicht", "ein", "eine", "kann", "habe", "mich", "mir",
                            "ihr", "es", "den", "dem", "auf", "lange", "wird"),
            "it",
                    words(
                            "il", "lo", "gli", "mio", "mia", "è", "come", "quando", "io", "di", "e", "per", "con",
                            "dove", "perché", "non", "un", "una", "che", "posso", "ho"),
            "pt",
                    words(
                            "o", "os", "as", "meu", "minha", "é", "como", "quando", "eu", "você", "de", "e", "para",
                            "com", "onde", "por", "não", "um", "uma", "que", "posso", "tenho"),
            "nl",
                    words(
                            "de", "het", "mijn", "is", "hoe", "wanneer", "ik", "u", "jij", "van", "en", "voor", "met",
                            "waar", "waarom", "niet", "een", "kan", "heb"));

    private LanguageGuess() {}

    private static Set<String> words(String... words) {
        return Set.copyOf(Arrays.asList(words));
    }

    public static String of(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Map<String, Integer> scores = new HashMap<>();
        int words = 0;
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
            if (w.isEmpty()) {
                continue;
            }
            words++;
            WORDS.forEach((lang, set) -> {
                if (set.contains(w)) {
                    scores.merge(lang, 1, Integer::sum);
                }
            });
        }
        String best = null;
        int top = 0;
        int second = 0;
        for (var e : scores.entrySet()) {
            if (e.getValue() > top) {
                second = top;
                top = e.getValue();
                best = e.getKey();
            } else if (e.getValue() > second) {
                second = e.getValue();
            }
        }
        // one distinctive word in a short message is enough; otherwise the winner must lead clearly
        return top >= 1 && top > second && (top >= 2 || words <= 4) ? best : null;
    }
}
