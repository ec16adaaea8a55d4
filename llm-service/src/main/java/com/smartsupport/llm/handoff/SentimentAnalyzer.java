package com.smartsupport.llm.handoff;

import com.smartsupport.llm.handoff.HandoffDetector.Sentiment;
import com.smartsupport.llm.handoff.SentimentLexicon.Entry;
import com.smartsupport.llm.handoff.SentimentLexicon.Kind;
import com.smartsupport.llm.handoff.StemmingTokenizer.Token;
import com.smartsupport.llm.knowledge.LanguageGuess;
import com.smartsupport.llm.knowledge.Languages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sentiment of one customer message in English, French, Spanish, German or Portuguese, from a lexicon with
 * stemming per language ({@link SentimentLexicon}, {@code sentiment/<language>.txt}), explainably: the score counts
 * negative sentiment up (positive words take points off) and every contribution is named in the signals.
 *
 * <p>Rules, within a clause (punctuation ends one):
 *
 * <ul>
 *   <li>a negation up to {@value #NEGATION_REACH} words before a term ("not happy", "no funciona", "ne marche pas")
 *       or, for the words that can follow what they negate, up to {@value #NEGATION_REACH} words after it
 *       ("funktioniert nicht"), turns a positive or a functional word ("work", "arrive", "answer") negative and a
 *       negative one neutral ("not bad" is even mildly positive);
 *   <li>an intensifier just before a term ("very", "vraiment", "muy", "sehr", "muito") adds one point to its
 *       strength, a downtoner ("a bit", "un peu") takes one off;
 *   <li>repeated problems ("still", "again", "twice", "toujours pas", "todavía", "immer noch", "ainda") add up to
 *       {@value #REPEATED_CAP} points in all;
 *   <li>praise and thanks before a contrast ("thanks, but it still doesn't work") do not count;
 *   <li>as before: shouting (mostly capitals) +2 and "!!" +1, unless the words are positive on balance.
 * </ul>
 *
 * <p>A score of {@value #NEGATIVE_FROM} or more is negative, {@value #POSITIVE_FROM} or less positive, anything
 * between neutral. The language is the caller's when it is one of the five; otherwise it is the one whose function
 * words and lexicon entries find the most in the message, ties going to {@link LanguageGuess}'s guess, then to
 * English.
 */
public final class SentimentAnalyzer {
    public static final List<String> LANGUAGES = List.of("en", "fr", "es", "de", "pt");
    /** A score from which a message is negative. */
    public static final int NEGATIVE_FROM = 2;
    /** A score up to which a message is positive. */
    public static final int POSITIVE_FROM = -2;

    static final int NEGATION_REACH = 3;
    static final int MODIFIER_REACH = 2;
    static final int REPEATED_CAP = 2;

    private static volatile SentimentAnalyzer standard;

    private final Map<String, SentimentLexicon> lexicons;

    /** Reads the five lexicons from the class path. */
    public SentimentAnalyzer() {
        Map<String, SentimentLexicon> m = new LinkedHashMap<>();
        for (String language : LANGUAGES) {
            m.put(language, SentimentLexicon.load(language));
        }
        this.lexicons = m;
    }

    /** One instance for the application (the lexicons are read once and are read-only). */
    public static SentimentAnalyzer standard() {
        SentimentAnalyzer s = standard;
        if (s == null) {
            synchronized (SentimentAnalyzer.class) {
                s = standard;
                if (s == null) {
                    standard = s = new SentimentAnalyzer();
                }
            }
        }
        return s;
    }

    /** The label of a score: {@code negative}, {@code neutral} or {@code positive}. */
    public static String label(int score) {
        return score >= NEGATIVE_FROM ? "negative" : score <= POSITIVE_FROM ? "positive" : "neutral";
    }

    /**
     * The message's sentiment in the given language (ISO 639-1, such as {@code fr} or {@code fr-CA}); null or a
     * language without a lexicon: guessed from the message.
     */
    public Sentiment analyse(String message, String language) {
        if (message == null || message.isBlank()) {
            return new Sentiment(0, List.of(), null);
        }
        String chosen = supported(language);
        if (chosen != null) {
            return score(message, lexicons.get(chosen)).sentiment();
        }
        // the language whose function words and lexicon find the most in the message; the function-word guess
        // used for articles breaks ties, then English
        String guess = supported(LanguageGuess.of(message));
        Result best = null;
        int bestEvidence = -1;
        for (SentimentLexicon lexicon : lexicons.values()) {
            Result r = score(message, lexicon);
            int evidence = 2 * r.evidence() + (lexicon.language().equals(guess) ? 1 : 0);
            if (evidence > bestEvidence) {
                best = r;
                bestEvidence = evidence;
            }
        }
        return best.sentiment();
    }

    Map<String, SentimentLexicon> lexicons() {
        return lexicons;
    }

    private static String supported(String language) {
        String code = Languages.normalise(language);
        return code != null && LANGUAGES.contains(code) ? code : null;
    }

    private record Result(Sentiment sentiment, int evidence) {}

    /** A run of tokens the lexicon knows: what it is (it may be several things, "pas" negates both ways). */
    private record Match(List<Entry> entries, int from, int to, int clause, boolean compound) {
        boolean is(Kind kind) {
            return entries.stream().anyMatch(e -> e.kind() == kind);
        }

        Optional<Entry> term() {
            return entries.stream()
                    .filter(e -> switch (e.kind()) {
                        case NEGATIVE, POSITIVE, NEGATED, REPEATED, NEUTRAL -> true;
                        default -> false;
                    })
                    .findFirst();
        }
    }

    private static Result score(String message, SentimentLexicon lexicon) {
        List<Token> tokens = lexicon.tokenizer().tokens(message);
        List<Match> matches = match(tokens, lexicon);
        int score = 0;
        int repeated = 0;
        int evidence = (int)
                tokens.stream().filter(t -> lexicon.functionWord(t.folded())).count();
        List<String> signals = new ArrayList<>();
        int lastContrast = -1;
        for (Match m : matches) {
            if (m.is(Kind.CONTRAST)) {
                lastContrast = Math.max(lastContrast, m.from());
            }
        }
        for (int i = 0; i < matches.size(); i++) {
            Match m = matches.get(i);
            Optional<Entry> found = m.term();
            if (found.isEmpty()) {
                continue;
            }
            Entry term = found.get();
            evidence++;
            if (term.kind() == Kind.NEUTRAL) {
                continue;
            }
            List<String> notes = new ArrayList<>();
            String stems = String.join(" ", term.stems());
            String written = tokens.subList(m.from(), m.to()).stream()
                    .map(Token::folded)
                    .reduce((a, b) -> a + " " + b)
                    .orElse("");
            if (!stems.equals(written)) {
                notes.add(stems);
            }
            if (m.compound()) {
                notes.add("compound");
            }
            int spanFrom = m.from();
            int spanTo = m.to();
            int contribution;
            if (term.kind() == Kind.REPEATED) {
                contribution = Math.min(term.weight(), REPEATED_CAP - repeated);
                repeated += Math.max(0, contribution);
                notes.add("repeated");
            } else {
                Match before = null;
                for (int j = i - 1; j >= 0; j--) {
                    Match n = matches.get(j);
                    if (n.clause() != m.clause() || m.from() - n.to() >= NEGATION_REACH) {
                        break;
                    }
                    if (n.is(Kind.NEGATION)) {
                        before = n;
                        break;
                    }
                }
                Match after = null;
                if (before == null) {
                    for (int j = i + 1; j < matches.size(); j++) {
                        Match n = matches.get(j);
                        if (n.clause() != m.clause() || n.from() - m.to() >= NEGATION_REACH) {
                            break;
                        }
                        if (n.is(Kind.NEGATION_AFTER)) {
                            after = n;
                            break;
                        }
                    }
                }
                // a phrase with its own negation ("never arrived", "pas satisfait") is not negated again
                boolean ownNegation = tokens.subList(m.from(), m.to()).stream()
                        .anyMatch(t -> lexicon.lookup(List.of(t.stem())).stream()
                                .anyMatch(e -> e.kind() == Kind.NEGATION || e.kind() == Kind.NEGATION_AFTER));
                if (ownNegation) {
                    before = null;
                    after = null;
                }
                boolean negated = before != null || after != null;
                contribution = negated ? term.negatedWeight() : term.weight();
                if (negated) {
                    notes.add("negated");
                    spanFrom = before != null ? before.from() : spanFrom;
                    spanTo = after != null ? after.to() : spanTo;
                }
                // an intensifier or a downtoner just before the term ("really not happy"), but not one between a
                // negation and the term ("not very happy" is not stronger than "not happy")
                for (int j = i - 1; j >= 0 && contribution != 0; j--) {
                    Match n = matches.get(j);
                    if (n.clause() != m.clause() || m.from() - n.to() >= MODIFIER_REACH) {
                        break;
                    }
                    if (before != null && n.from() > before.from()) {
                        continue;
                    }
                    if (n.is(Kind.INTENSIFIER)) {
                        contribution += Integer.signum(contribution);
                        notes.add("intensified");
                        spanFrom = Math.min(spanFrom, n.from());
                        break;
                    }
                    if (n.is(Kind.DOWNTONER)) {
                        // never below one point: "a bit late" is still late
                        if (Math.abs(contribution) > 1) {
                            contribution -= Integer.signum(contribution);
                            notes.add("softened");
                            spanFrom = Math.min(spanFrom, n.from());
                        }
                        break;
                    }
                }
                if (contribution < 0 && m.to() <= lastContrast) {
                    continue;
                }
            }
            if (contribution == 0) {
                continue;
            }
            score += contribution;
            String span = message.substring(
                            tokens.get(spanFrom).start(), tokens.get(spanTo - 1).end())
                    .toLowerCase(Locale.ROOT)
                    .replace('’', '\'');
            signals.add("\"" + span + "\" " + signed(contribution)
                    + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")"));
        }
        if (score >= 0) {
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
        }
        return new Result(new Sentiment(score, List.copyOf(signals), lexicon.language()), evidence);
    }

    private static String signed(int n) {
        return n > 0 ? "+" + n : Integer.toString(n);
    }

    /** The lexicon's entries in the tokens, longest first, left to right. */
    private static List<Match> match(List<Token> tokens, SentimentLexicon lexicon) {
        List<Match> out = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            Match found = null;
            for (int len = Math.min(lexicon.longest(), tokens.size() - i); len >= 1 && found == null; len--) {
                if (tokens.get(i).clause() != tokens.get(i + len - 1).clause()) {
                    continue;
                }
                List<Entry> entries = lexicon.lookup(
                        tokens.subList(i, i + len).stream().map(Token::stem).toList());
                if (!entries.isEmpty()) {
                    found = new Match(entries, i, i + len, tokens.get(i).clause(), false);
                }
            }
            if (found == null
                    && lexicon.language().equals("de")
                    && tokens.get(i).folded().length() >= 8) {
                int at = i;
                found = lexicon.compound(tokens.get(i))
                        .map(e ->
                                new Match(List.of(e), at, at + 1, tokens.get(at).clause(), true))
                        .orElse(null);
            }
            if (found != null) {
                out.add(found);
                i = found.to();
            } else {
                i++;
            }
        }
        return out;
    }
}
