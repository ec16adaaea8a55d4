package com.smartsupport.llm.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The sentiment lexicon against labelled customer messages in the five languages: {@code labelled.tsv} (the set the
 * lexicon was tuned on) and {@code holdout.tsv} (written first and never used for tuning). Prints, per language and
 * overall, the accuracy over the three labels and the precision and recall of {@code negative} (the label that
 * drives hand-offs), for the analyzer with the message's language given, with it guessed from the message (how
 * {@link HandoffDetector#decide} and the hand-off summary call it), and for the word list it replaced (kept here as
 * the baseline), and how many messages of each kind would reach each hand-off threshold. Run: {@code mvn -o -pl
 * llm-service test -Dtest=SentimentEvaluationTest} (figures in {@code target/surefire-reports/*-output.txt};
 * {@code -Dsentiment.misses=labelled.tsv} lists the messages it gets wrong; {@code -Dsentiment.sets=labelled.tsv}
 * leaves the held-out set out while tuning).
 */
class SentimentEvaluationTest {
    private static final SentimentAnalyzer ANALYZER = SentimentAnalyzer.standard();

    record Row(String language, String label, String text) {}

    record Figures(int n, double accuracy, double negativePrecision, double negativeRecall) {}

    @Test
    void theLexiconBeatsTheOldWordListOnTheTuningAndTheHeldOutSets() throws IOException {
        // -Dsentiment.sets=labelled.tsv while tuning: the held-out set stays unseen
        for (String set :
                System.getProperty("sentiment.sets", "labelled.tsv,holdout.tsv").split(",")) {
            List<Row> rows = read(set);
            Map<String, Function<Row, String>> classifiers = new LinkedHashMap<>();
            classifiers.put("baseline (old word list)", r -> Baseline.label(r.text()));
            classifiers.put(
                    "lexicon, language given",
                    r -> ANALYZER.analyse(r.text(), r.language()).label());
            classifiers.put(
                    "lexicon, language guessed",
                    r -> ANALYZER.analyse(r.text(), null).label());
            System.out.println("\n" + set + ": " + rows.size() + " messages");
            System.out.println("| classifier | language | n | accuracy | negative precision | negative recall |");
            Map<String, Figures> overall = new LinkedHashMap<>();
            for (var c : classifiers.entrySet()) {
                for (String language : SentimentAnalyzer.LANGUAGES) {
                    List<Row> subset = rows.stream()
                            .filter(r -> r.language().equals(language))
                            .toList();
                    print(c.getKey(), language, figures(subset, c.getValue()));
                }
                Figures all = figures(rows, c.getValue());
                overall.put(c.getKey(), all);
                print(c.getKey(), "all", all);
            }
            // where a single message brings a human (HandoffProperties.sentimentThreshold)
            for (int threshold = 3; threshold <= 7; threshold++) {
                int t = threshold;
                long negatives =
                        rows.stream().filter(r -> r.label().equals("negative")).count();
                long reached = rows.stream()
                        .filter(r -> r.label().equals("negative")
                                && ANALYZER.analyse(r.text(), null).score() >= t)
                        .count();
                long others = rows.stream()
                        .filter(r -> !r.label().equals("negative")
                                && ANALYZER.analyse(r.text(), null).score() >= t)
                        .count();
                System.out.printf(
                        Locale.ROOT,
                        "hand-off threshold %d: %d of %d negative messages (%.0f%%) reach it, %d others%n",
                        t,
                        reached,
                        negatives,
                        100.0 * reached / negatives,
                        others);
            }
            // the messages it gets wrong, for the sets named (-Dsentiment.misses=labelled.tsv while tuning)
            for (Row r : List.of(System.getProperty("sentiment.misses", "").split(","))
                            .contains(set)
                    ? rows
                    : List.<Row>of()) {
                var s = ANALYZER.analyse(r.text(), null);
                if (!s.label().equals(r.label())) {
                    System.out.println("  miss " + set + " " + r.language() + " " + r.label() + "→" + s.label() + " ["
                            + s.language() + " " + s.score() + "] " + r.text() + " " + s.signals());
                }
            }
            Figures baseline = overall.get("baseline (old word list)");
            for (String analyzer : List.of("lexicon, language given", "lexicon, language guessed")) {
                Figures f = overall.get(analyzer);
                String as = set + ", " + analyzer + ": ";
                assertThat(f.accuracy()).as(as + "accuracy").isGreaterThan(baseline.accuracy());
                assertThat(f.negativeRecall()).as(as + "negative recall").isGreaterThan(baseline.negativeRecall());
                // the target, 0.8, is met on the set the lexicon was tuned on; on the held-out set the first (and
                // only) measurement was 0.60, and this floor only guards against a regression
                assertThat(f.negativeRecall())
                        .as(as + "negative recall")
                        .isGreaterThanOrEqualTo(set.equals("holdout.tsv") ? 0.55 : 0.8);
            }
        }
    }

    @Test
    void bothSetsHaveFiftyMessagesPerLanguageAndTheHeldOutSetIsAboutAThird() throws IOException {
        List<Row> labelled = read("labelled.tsv");
        List<Row> holdout = read("holdout.tsv");
        for (String language : SentimentAnalyzer.LANGUAGES) {
            long n =
                    labelled.stream().filter(r -> r.language().equals(language)).count()
                            + holdout.stream()
                                    .filter(r -> r.language().equals(language))
                                    .count();
            assertThat(n).as(language).isGreaterThanOrEqualTo(50);
        }
        assertThat(holdout.size() * 1.0 / (labelled.size() + holdout.size())).isBetween(0.25, 0.35);
        assertThat(labelled)
                .contains(new Row(
                        "en", "negative", "I tried restarting it twice, still flickering, this is frustrating"));
        assertThat(labelled).doesNotContainAnyElementsOf(holdout);
    }

    private static void print(String classifier, String language, Figures f) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %d | %.2f | %s | %.2f |%n",
                classifier,
                language,
                f.n(),
                f.accuracy(),
                Double.isNaN(f.negativePrecision())
                        ? "– (none called negative)"
                        : String.format(Locale.ROOT, "%.2f", f.negativePrecision()),
                f.negativeRecall());
    }

    static Figures figures(List<Row> rows, Function<Row, String> classifier) {
        int right = 0;
        int predictedNegative = 0;
        int truePositive = 0;
        int negative = 0;
        for (Row r : rows) {
            String predicted = classifier.apply(r);
            if (predicted.equals(r.label())) {
                right++;
            }
            if (predicted.equals("negative")) {
                predictedNegative++;
                if (r.label().equals("negative")) {
                    truePositive++;
                }
            }
            if (r.label().equals("negative")) {
                negative++;
            }
        }
        return new Figures(
                rows.size(),
                rows.isEmpty() ? 0 : right * 1.0 / rows.size(),
                predictedNegative == 0 ? Double.NaN : truePositive * 1.0 / predictedNegative,
                negative == 0 ? 0 : truePositive * 1.0 / negative);
    }

    static List<Row> read(String name) throws IOException {
        try (InputStream in = SentimentEvaluationTest.class.getResourceAsStream("/sentiment/" + name)) {
            assertThat(in).as(name).isNotNull();
            List<Row> rows = new ArrayList<>();
            boolean header = true;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", 3);
                if (header) {
                    assertThat(cols).containsExactly("language", "label", "text");
                    header = false;
                    continue;
                }
                assertThat(cols).as(line).hasSize(3);
                assertThat(cols[1]).as(line).isIn("negative", "neutral", "positive");
                assertThat(SentimentAnalyzer.LANGUAGES).as(line).contains(cols[0]);
                rows.add(new Row(cols[0], cols[1], cols[2].strip()));
            }
            return rows;
        }
    }

    /**
     * The word list {@link HandoffDetector} used before the lexicon, as it was: exact words after accent folding,
     * no stemming, no negation, no positive words. Any signal made the hand-off summary call the conversation
     * (somewhat) negative, so any signal is {@code negative} here, and nothing is ever {@code positive}.
     */
    static final class Baseline {
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

        static int score(String message) {
            String text = Normalizer.normalize(message, Normalizer.Form.NFD)
                    .replaceAll("\\p{M}", "")
                    .toLowerCase(Locale.ROOT);
            int score = 0;
            for (Object[] word : NEGATIVE) {
                if (Pattern.compile("\\b" + Pattern.quote((String) word[0]) + "\\b")
                        .matcher(text)
                        .find()) {
                    score += (int) word[1];
                }
            }
            long letters = message.chars().filter(Character::isLetter).count();
            long upper = message.chars().filter(Character::isUpperCase).count();
            if (letters >= 12 && upper * 10 >= letters * 7) {
                score += 2;
            }
            if (message.contains("!!")) {
                score += 1;
            }
            return score;
        }

        static String label(String message) {
            return score(message) > 0 ? "negative" : "neutral";
        }
    }
}
