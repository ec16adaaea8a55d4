package com.smartsupport.llm.handoff;

import com.smartsupport.llm.handoff.HandoffDetector.Sentiment;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The three sentiment labels a hand-off summary shows ({@code negative}, {@code neutral}, {@code positive}): what
 * a model's free answer means as one of them, and how the lexicon's figure reads.
 */
public final class SentimentLabel {
    public static final String NEGATIVE = "negative";
    public static final String NEUTRAL = "neutral";
    public static final String POSITIVE = "positive";

    private static final Set<String> NEGATIVE_WORDS = Set.of(
            "negative",
            "angry",
            "frustrated",
            "frustration",
            "upset",
            "annoyed",
            "unhappy",
            "dissatisfied",
            "irritated",
            "furious",
            "disappointed",
            "displeased",
            "hostile",
            "impatient",
            "negatif",
            "negativo",
            "negativ");
    private static final Set<String> POSITIVE_WORDS = Set.of(
            "positive",
            "happy",
            "satisfied",
            "pleased",
            "grateful",
            "thankful",
            "delighted",
            "content",
            "positif",
            "positivo",
            "positiv");
    private static final Set<String> NEUTRAL_WORDS = Set.of("neutral", "calm", "neutre", "neutro");
    private static final Set<String> NEGATIONS =
            Set.of("not", "no", "never", "neither", "nor", "without", "isn", "wasn", "doesn", "don", "didn", "hardly");

    private SentimentLabel() {}

    /**
     * The label a model's answer gives ("Negative", "negative.", "The customer is frustrated" → {@code negative}),
     * or empty when it gives none, or several, or negates one ("not angry", "mixed"): the caller then uses the
     * lexicon's.
     */
    public static Optional<String> normalise(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        List<String> words = List.of(
                StemmingTokenizer.fold(value.toLowerCase(Locale.ROOT)).strip().split("[^a-z]+"));
        Set<String> labels = new HashSet<>();
        for (String w : words) {
            if (NEGATIONS.contains(w)) {
                return Optional.empty();
            }
            if (NEGATIVE_WORDS.contains(w)) {
                labels.add(NEGATIVE);
            } else if (POSITIVE_WORDS.contains(w)) {
                labels.add(POSITIVE);
            } else if (NEUTRAL_WORDS.contains(w)) {
                labels.add(NEUTRAL);
            }
        }
        return labels.size() == 1 ? Optional.of(labels.iterator().next()) : Optional.empty();
    }

    /**
     * The lexicon's reading: the label, then the score and every signal, e.g. {@code negative (score 5: "twice" +1
     * (repeated), …)}.
     */
    public static String describe(Sentiment sentiment) {
        return sentiment.label()
                + (sentiment.signals().isEmpty()
                        ? " (no sentiment signals)"
                        : " (score " + sentiment.score() + ": " + String.join(", ", sentiment.signals()) + ")");
    }
}
