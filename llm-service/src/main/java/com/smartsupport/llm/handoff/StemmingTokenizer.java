package com.smartsupport.llm.handoff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.FrenchStemmer;
import org.tartarus.snowball.ext.GermanStemmer;
import org.tartarus.snowball.ext.PortugueseStemmer;
import org.tartarus.snowball.ext.SpanishStemmer;

/**
 * One language's tokens for the sentiment lexicon: Lucene's standard tokenizer, lower case, the language's Snowball
 * stemmer, then accent folding (stemming first: the stemmers know the accents). The lexicon's entries go through the
 * same chain when they are loaded, so "frustrating", "frustrated" and "frustration" all meet at {@code frustrat}.
 *
 * <p>Two small additions to Snowball: French elision is split off before tokenizing ("n'est" → "n est", keeping the
 * negation "n" as a token of its own), and German participles and infinitives in {@code -t}, {@code -iert},
 * {@code -ieren} are brought to one stem, which Snowball's German stemmer leaves apart ("frustriert",
 * "frustrierend" → {@code frustri}).
 */
final class StemmingTokenizer {
    /** A token: its text as written (lower case), that text accent-folded, its stem, and where it is. */
    record Token(String surface, String folded, String stem, int start, int end, int clause) {}

    private static final Pattern FRENCH_ELISION =
            Pattern.compile("(?iu)\\b(jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst])'(?=\\p{L})");
    /** What ends a clause: negation, intensifiers and the like do not reach across these. */
    private static final Pattern CLAUSE_BREAK = Pattern.compile("[.,;:!?()\\[\\]\\n¡¿…]|\\s[-–—]\\s");

    private final String language;
    private final Analyzer analyzer;

    StemmingTokenizer(String language) {
        this.language = language;
        this.analyzer = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                TokenStream chain = new LowerCaseFilter(source);
                chain = new SnowballFilter(chain, stemmer(language));
                chain = new ASCIIFoldingFilter(chain);
                return new TokenStreamComponents(source, chain);
            }
        };
    }

    String language() {
        return language;
    }

    /** The text's tokens in order, each with its clause number (clauses are split at punctuation). */
    List<Token> tokens(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        // the same length as the input, so that the offsets point into it
        String prepared = text.replace('’', '\'').replace('`', '\'');
        if (language.equals("fr")) {
            prepared = FRENCH_ELISION.matcher(prepared).replaceAll("$1 ");
        }
        List<Token> out = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("text", prepared)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            int clause = 0;
            int previousEnd = 0;
            while (stream.incrementToken()) {
                int start = offset.startOffset();
                int end = offset.endOffset();
                if (!out.isEmpty()
                        && CLAUSE_BREAK
                                .matcher(prepared.substring(previousEnd, start))
                                .find()) {
                    clause++;
                }
                String surface = prepared.substring(start, end).toLowerCase(Locale.ROOT);
                out.add(new Token(surface, fold(surface), adjust(term.toString()), start, end, clause));
                previousEnd = end;
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** German: Snowball keeps the {@code -t} of participles and the {@code -ier} of verbs in {@code -ieren}. */
    private String adjust(String stem) {
        if (!language.equals("de")) {
            return stem;
        }
        String s = stem;
        if (s.length() >= 5 && s.endsWith("t")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() >= 6 && s.endsWith("ier")) {
            s = s.substring(0, s.length() - 2);
        }
        return s;
    }

    static String fold(String text) {
        char[] in = text.toCharArray();
        char[] out = new char[in.length * 4];
        int n = ASCIIFoldingFilter.foldToASCII(in, 0, out, 0, in.length);
        return new String(out, 0, n);
    }

    private static SnowballStemmer stemmer(String language) {
        return switch (language) {
            case "en" -> new EnglishStemmer();
            case "fr" -> new FrenchStemmer();
            case "es" -> new SpanishStemmer();
            case "de" -> new GermanStemmer();
            case "pt" -> new PortugueseStemmer();
            default -> throw new IllegalArgumentException("no sentiment stemmer for " + language);
        };
    }
}
