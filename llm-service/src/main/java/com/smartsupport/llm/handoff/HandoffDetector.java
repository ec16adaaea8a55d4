package com.smartsupport.llm.handoff;

import com.smartsupport.llm.conversation.Transcript;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Decides, explainably, whether a customer message should bring a human: an explicit request ("let me talk to a
 * person", in several languages), strong negative sentiment (a lexicon score over the message, with stemming in
 * five languages and every signal named: {@link SentimentAnalyzer}), or repeated frustration (several negative
 * messages in the last few). The threshold is configuration ({@link HandoffProperties}).
 */
@Component
public class HandoffDetector {
    private static final List<Pattern> ASKS_FOR_HUMAN = List.of(
            Pattern.compile("\\b(talk|speak|chat)\\s+(to|with)\\s+(a|an|some|real|actual)?\\s*(human|person|agent|"
                    + "someone|representative|operator|people)\\b"),
            Pattern.compile("\\b(real|live|human)\\s+(person|agent|human|support)\\b"),
            Pattern.compile("\\b(human|agent|representative|operator)\\s*(please|now)\\b"),
            Pattern.compile("\\bparler (a|avec) (un|une) (humain|personne|conseiller|conseillere|agent)\\b"),
            Pattern.compile("\\bhablar con (una|un) (persona|humano|agente)\\b"),
            Pattern.compile("\\bmit einem (menschen|mitarbeiter)\\b"),
            Pattern.compile("\\bfalar com (uma|um) (pessoa|humano|atendente)\\b"));

    public record Decision(String reason, String detail) {}

    /**
     * A message's sentiment: the score counts negative sentiment up (positive words take points off), the signals
     * name every contribution, the language is the lexicon's that scored it (null for an empty message).
     */
    public record Sentiment(int score, List<String> signals, String language) {
        public Sentiment(int score, List<String> signals) {
            this(score, signals, null);
        }

        /** {@code negative}, {@code neutral} or {@code positive} ({@link SentimentAnalyzer#label(int)}). */
        public String label() {
            return SentimentAnalyzer.label(score);
        }

        public boolean negative() {
            return score >= SentimentAnalyzer.NEGATIVE_FROM;
        }
    }

    private final int threshold;
    private final int frustratedMessages;
    private final SentimentAnalyzer analyzer;

    @Autowired
    public HandoffDetector(HandoffProperties properties) {
        this(properties, SentimentAnalyzer.standard());
    }

    HandoffDetector(HandoffProperties properties, SentimentAnalyzer analyzer) {
        this.threshold = properties.sentimentThreshold();
        this.frustratedMessages = properties.frustratedMessages();
        this.analyzer = analyzer;
    }

    public Optional<Decision> decide(String messageId, String message, Transcript history) {
        return decide(messageId, message, history, null);
    }

    /**
     * As {@link #decide(String, String, Transcript)}, with the conversation's language (ISO 639-1; null: guessed
     * from each message).
     */
    public Optional<Decision> decide(String messageId, String message, Transcript history, String language) {
        String text = normalise(message);
        for (Pattern p : ASKS_FOR_HUMAN) {
            var m = p.matcher(text);
            if (m.find()) {
                return Optional.of(new Decision(
                        "customer_request", "message " + messageId + " asks for a person: \"" + m.group() + "\""));
            }
        }
        Sentiment now = sentiment(message, language);
        if (now.score() >= threshold) {
            return Optional.of(new Decision(
                    "sentiment",
                    "message " + messageId + " scores " + now.score() + " (threshold " + threshold + "): "
                            + String.join(", ", now.signals())));
        }
        if (now.negative() && history != null) {
            List<String> earlier = history.messages().stream()
                    .filter(t -> t.role() == Transcript.Role.CUSTOMER && !messageId.equals(t.messageId()))
                    .map(Transcript.Turn::text)
                    .toList();
            List<String> recent =
                    earlier.subList(Math.max(0, earlier.size() - (frustratedMessages - 1)), earlier.size());
            long negative = recent.stream()
                            .filter(t -> sentiment(t, language).negative())
                            .count()
                    + 1;
            if (negative >= frustratedMessages) {
                return Optional.of(new Decision(
                        "frustration",
                        negative + " negative messages in a row, the latest " + messageId + ": "
                                + String.join(", ", now.signals())));
            }
        }
        return Optional.empty();
    }

    /** The message's sentiment, its language guessed from it. */
    public Sentiment sentiment(String message) {
        return sentiment(message, null);
    }

    /** The message's sentiment in a language (ISO 639-1; null or unsupported: guessed). */
    public Sentiment sentiment(String message, String language) {
        return analyzer.analyse(message, language);
    }

    /**
     * Several messages' sentiment together (a conversation's customer side): their scores added, their signals in
     * order, each message's language guessed from it.
     */
    public Sentiment conversationSentiment(List<String> messages) {
        int score = 0;
        List<String> signals = new ArrayList<>();
        String language = null;
        for (String message : messages) {
            Sentiment s = sentiment(message);
            score += s.score();
            signals.addAll(s.signals());
            language = s.language() == null ? language : s.language();
        }
        return new Sentiment(score, List.copyOf(signals), language);
    }

    private static String normalise(String s) {
        return s == null
                ? ""
                : Normalizer.normalize(s, Normalizer.Form.NFD)
                        .replaceAll("\\p{M}", "")
                        .toLowerCase(Locale.ROOT);
    }
}
