package com.smartsupport.llm.handoff;

import com.smartsupport.llm.conversation.Transcript;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Decides, explainably, whether a customer message should bring a human: an explicit request ("let me talk to a
 * person", in several languages), strong negative sentiment (a lexicon score over the message, with every signal
 * named), or repeated frustration (several negative messages in the last few). The threshold is configuration
 * ({@link HandoffProperties}).
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

    /** Negative words and their weights; the score is their sum plus shouting and exclamation signals. */
    private static final List<Object[]> NEGATIVE = List.of(
            new Object[] {"furious", 3},
            new Object[] {"outraged", 3},
            new Object[] {"scam", 3},
            new Object[] {"disgusting", 3},
            new Object[] {"worst", 2},
            new Object[] {"terrible", 2},
            new Object[] {"awful", 2},
            new Object[] {"horrible", 2},
            new Object[] {"unacceptable", 2},
            new Object[] {"ridiculous", 2},
            new Object[] {"useless", 2},
            new Object[] {"angry", 2},
            new Object[] {"fed up", 2},
            new Object[] {"sick of", 2},
            new Object[] {"lawyer", 2},
            new Object[] {"refund now", 2},
            new Object[] {"never again", 2},
            new Object[] {"waste of", 2},
            new Object[] {"frustrated", 1},
            new Object[] {"annoyed", 1},
            new Object[] {"disappointed", 1},
            new Object[] {"still not", 1},
            new Object[] {"again", 1},
            new Object[] {"nobody", 1},
            new Object[] {"inadmissible", 2},
            new Object[] {"honteux", 2},
            new Object[] {"nul", 1},
            new Object[] {"inaceptable", 2},
            new Object[] {"pesimo", 2},
            new Object[] {"unverschamt", 2});

    public record Decision(String reason, String detail) {}

    public record Sentiment(int score, List<String> signals) {}

    private final int threshold;
    private final int frustratedMessages;

    public HandoffDetector(HandoffProperties properties) {
        this.threshold = properties.sentimentThreshold();
        this.frustratedMessages = properties.frustratedMessages();
    }

    public Optional<Decision> decide(String messageId, String message, Transcript history) {
        String text = normalise(message);
        for (Pattern p : ASKS_FOR_HUMAN) {
            var m = p.matcher(text);
            if (m.find()) {
                return Optional.of(new Decision(
                        "customer_request", "message " + messageId + " asks for a person: \"" + m.group() + "\""));
            }
        }
        Sentiment now = sentiment(message);
        if (now.score() >= threshold) {
            return Optional.of(new Decision(
                    "sentiment",
                    "message " + messageId + " scores " + now.score() + " (threshold " + threshold + "): "
                            + String.join(", ", now.signals())));
        }
        if (now.score() > 0 && history != null) {
            List<String> earlier = history.messages().stream()
                    .filter(t -> t.role() == Transcript.Role.CUSTOMER && !messageId.equals(t.messageId()))
                    .map(Transcript.Turn::text)
                    .toList();
            List<String> recent =
                    earlier.subList(Math.max(0, earlier.size() - (frustratedMessages - 1)), earlier.size());
            long negative =
                    recent.stream().filter(t -> sentiment(t).score() > 0).count() + 1;
            if (negative >= frustratedMessages) {
                return Optional.of(new Decision(
                        "frustration",
                        negative + " negative messages in a row, the latest " + messageId + ": "
                                + String.join(", ", now.signals())));
            }
        }
        return Optional.empty();
    }

    public Sentiment sentiment(String message) {
        if (message == null || message.isBlank()) {
            return new Sentiment(0, List.of());
        }
        String text = normalise(message);
        int score = 0;
        List<String> signals = new ArrayList<>();
        for (Object[] word : NEGATIVE) {
            if (Pattern.compile("\\b" + Pattern.quote((String) word[0]) + "\\b")
                    .matcher(text)
                    .find()) {
                score += (int) word[1];
                signals.add("\"" + word[0] + "\" +" + word[1]);
            }
        }
        long letters = message.chars().filter(Character::isLetter).count();
        long upper = message.chars().filter(Character::isUpperCase).count();
        if (letters >= 12 && upper * 10 >= letters * 7) {
            score += 2;
            signals.add("shouting (capitals) +2");
        }
        if (message.contains("!!")) {
            score += 1;
            signals.add("\"!!\" +1");
        }
        return new Sentiment(score, signals);
    }

    private static String normalise(String s) {
        return s == null
                ? ""
                : Normalizer.normalize(s, Normalizer.Form.NFD)
                        .replaceAll("\\p{M}", "")
                        .toLowerCase(Locale.ROOT);
    }
}
