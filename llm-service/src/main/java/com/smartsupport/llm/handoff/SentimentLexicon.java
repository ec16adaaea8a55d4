package com.smartsupport.llm.handoff;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One language's sentiment lexicon, read from {@code sentiment/<language>.txt} on the class path and stemmed with
 * that language's {@link StemmingTokenizer}, the same chain the messages go through.
 *
 * <p>The file has sections; in each, one term or short phrase a line, with numbers after it where the section
 * takes them ({@code #} starts a comment line):
 *
 * <ul>
 *   <li>{@code [negative] term weight [weight-when-negated]}: adds {@code weight} to the score; negated ("not bad")
 *       it adds the second number, 0 when there is none;
 *   <li>{@code [positive] term weight [weight-when-negated]}: takes {@code weight} off; negated ("not happy") it
 *       adds the second number, by default the weight (at most 2);
 *   <li>{@code [negated] term weight}: words that say nothing on their own but a failure when negated ("doesn't
 *       work", "no funciona", "n'arrive pas"): add {@code weight} only when negated;
 *   <li>{@code [repeated] term weight}: the problem is back ("still", "again", "twice", "toujours pas"): adds;
 *   <li>{@code [neutral] phrase}: set phrases that would otherwise match a term and mean nothing ("thanks in
 *       advance", "by mistake");
 *   <li>{@code [negation]} words that negate the next few words; {@code [negation-after]} words that negate the
 *       word just before them ("funktioniert nicht", "ne marche pas"); {@code [intensifier]} ("very", "muy",
 *       "sehr"); {@code [downtoner]} ("a bit", "un peu"); {@code [contrast]} ("but", "mais"): politeness and praise
 *       before it do not count;
 *   <li>{@code [function]} the language's commonest function words (articles, pronouns, prepositions), as
 *       written: with the lexicon's own matches they tell which language an unlabelled message is in.
 * </ul>
 */
final class SentimentLexicon {
    enum Kind {
        NEGATIVE,
        POSITIVE,
        NEGATED,
        REPEATED,
        NEUTRAL,
        NEGATION,
        NEGATION_AFTER,
        INTENSIFIER,
        DOWNTONER,
        CONTRAST,
        FUNCTION
    }

    /**
     * A lexicon entry as written, with the score it adds (positive: more negative sentiment) plain and negated.
     */
    record Entry(Kind kind, String text, List<String> stems, int weight, int negatedWeight) {}

    private final String language;
    private final StemmingTokenizer tokenizer;
    /** Entry by its stems joined with spaces, accented spelling and folded spelling both. */
    private final Map<String, List<Entry>> byStems = new HashMap<>();

    private final Set<String> functionWords = new HashSet<>();
    private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    private int longest = 1;

    private SentimentLexicon(String language) {
        this.language = language;
        this.tokenizer = new StemmingTokenizer(language);
    }

    static SentimentLexicon load(String language) {
        String resource = "sentiment/" + language + ".txt";
        try (InputStream in = SentimentLexicon.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no sentiment lexicon " + resource);
            }
            return parse(language, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SentimentLexicon parse(String language, String text) {
        SentimentLexicon lexicon = new SentimentLexicon(language);
        Kind kind = null;
        int lineNumber = 0;
        try (BufferedReader lines = new BufferedReader(new java.io.StringReader(text))) {
            for (String raw = lines.readLine(); raw != null; raw = lines.readLine()) {
                lineNumber++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    kind = Kind.valueOf(
                            line.substring(1, line.length() - 1).toUpperCase().replace('-', '_'));
                    continue;
                }
                if (kind == null) {
                    throw new IllegalArgumentException(language + ".txt line " + lineNumber + ": no section yet");
                }
                lexicon.add(kind, line, lineNumber);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lexicon;
    }

    private void add(Kind kind, String line, int lineNumber) {
        List<String> words = new ArrayList<>(List.of(line.split("\\s+")));
        List<Integer> numbers = new ArrayList<>();
        while (!words.isEmpty() && words.getLast().matches("[+-]?\\d+")) {
            numbers.addFirst(Integer.parseInt(words.removeLast()));
        }
        String term = String.join(" ", words);
        boolean weighted =
                kind == Kind.NEGATIVE || kind == Kind.POSITIVE || kind == Kind.NEGATED || kind == Kind.REPEATED;
        if (term.isEmpty()
                || (weighted && numbers.isEmpty())
                || numbers.size() > 2
                || (!weighted && !numbers.isEmpty())) {
            throw new IllegalArgumentException(language + ".txt line " + lineNumber + ": \"" + line + "\"");
        }
        int weight = numbers.isEmpty() ? 0 : numbers.get(0);
        int negated = switch (kind) {
            case NEGATIVE -> numbers.size() > 1 ? numbers.get(1) : 0;
            case POSITIVE -> numbers.size() > 1 ? numbers.get(1) : Math.min(weight, 2);
            case NEGATED -> weight;
            case REPEATED -> weight;
            default -> 0;
        };
        // the message's score counts negative sentiment up: positive entries take their weight off
        int plain = switch (kind) {
            case NEGATIVE, REPEATED -> weight;
            case POSITIVE -> -weight;
            default -> 0;
        };
        counts.merge(kind, 1, Integer::sum);
        if (kind == Kind.FUNCTION) {
            functionWords.add(StemmingTokenizer.fold(term.toLowerCase(java.util.Locale.ROOT)));
            return;
        }
        for (String spelling : List.of(term, StemmingTokenizer.fold(term))) {
            List<String> stems = tokenizer.tokens(spelling).stream()
                    .map(StemmingTokenizer.Token::stem)
                    .toList();
            if (stems.isEmpty()) {
                throw new IllegalArgumentException(
                        language + ".txt line " + lineNumber + ": no words in \"" + line + "\"");
            }
            longest = Math.max(longest, stems.size());
            Entry entry = new Entry(kind, term, stems, plain, negated);
            List<Entry> same = byStems.computeIfAbsent(String.join(" ", stems), k -> new ArrayList<>());
            if (same.stream().noneMatch(e -> e.kind() == kind)) {
                same.add(entry);
            }
        }
    }

    String language() {
        return language;
    }

    StemmingTokenizer tokenizer() {
        return tokenizer;
    }

    int longest() {
        return longest;
    }

    /** Whether this (folded) word is one of the language's function words. */
    boolean functionWord(String folded) {
        return functionWords.contains(folded);
    }

    /** The entries whose stems are exactly these. */
    List<Entry> lookup(List<String> stems) {
        return byStems.getOrDefault(String.join(" ", stems), List.of());
    }

    /**
     * German compounds: a sentiment word the unmatched word starts with ("kaputtgegangen", "Frustkauf") or ends
     * with ("Servicekatastrophe"), at least five letters long; not after "un" ("unzufrieden" is its own entry).
     */
    Optional<Entry> compound(StemmingTokenizer.Token token) {
        String folded = token.folded();
        for (int end = folded.length() - 3; end >= 5; end--) {
            Optional<Entry> head = single(folded.substring(0, end));
            if (head.isPresent()) {
                return head;
            }
        }
        String stem = token.stem();
        for (int start = 3; start <= stem.length() - 6; start++) {
            if (!stem.startsWith("un", start - 2)) {
                Optional<Entry> tail = single(stem.substring(start));
                if (tail.isPresent()) {
                    return tail;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Entry> single(String stem) {
        return byStems.getOrDefault(stem, List.of()).stream()
                .filter(e -> e.stems().size() == 1 && (e.kind() == Kind.NEGATIVE || e.kind() == Kind.POSITIVE))
                .findFirst();
    }

    /**
     * Stems that two different kinds of term share ("helpful" and "help" both stem to {@code help}): only the
     * first would ever count, so the lexicon should not have them.
     */
    List<String> collisions() {
        List<String> out = new ArrayList<>();
        byStems.forEach((stems, entries) -> {
            List<Entry> terms = entries.stream()
                    .filter(e -> switch (e.kind()) {
                        case NEGATIVE, POSITIVE, NEGATED, REPEATED, NEUTRAL -> true;
                        default -> false;
                    })
                    .toList();
            if (terms.size() > 1) {
                out.add(stems + ": "
                        + terms.stream()
                                .map(e -> e.kind() + " \"" + e.text() + "\"")
                                .toList());
            }
        });
        return out;
    }

    /** How many entries each section has (for the documentation and the evaluation's report). */
    Map<Kind, Integer> counts() {
        return Map.copyOf(counts);
    }
}
