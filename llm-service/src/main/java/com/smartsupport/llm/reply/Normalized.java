package com.smartsupport.llm.reply;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A text in the form the {@link OutputGuard} compares, built incrementally, remembering where each character came
 * from: lower case, without accents and combining marks, zero-width and other invisible format characters, with
 * runs of whitespace collapsed to one space, compatibility forms decomposed (full-width letters, ligatures), dash
 * variants as {@code -} and the commonest Cyrillic/Greek look-alikes as their Latin letters.
 */
final class Normalized {
    private static final Map<Character, Character> LOOK_ALIKES = lookAlikes();

    private final StringBuilder text = new StringBuilder();
    /** Per compared character: the index in the raw text of the character it came from. */
    private int[] origin = new int[256];

    /** The compared form of a whole text (null as empty). */
    static String of(String text) {
        Normalized n = new Normalized();
        n.append(text == null ? "" : text, 0);
        return n.text();
    }

    /**
     * Appends the compared form of a chunk of the raw text.
     *
     * @param base the index of the chunk's first character in the raw text
     */
    void append(String chunk, int base) {
        for (int i = 0; i < chunk.length(); ) {
            int cp = chunk.codePointAt(i);
            int at = base + i;
            i += Character.charCount(cp);
            if (cp < 0x80 && cp > ' ') { // plain ASCII: its compared form is its lower case
                put((char) (cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp), at);
                continue;
            }
            if (Character.getType(cp) == Character.FORMAT) {
                continue; // zero-width spaces and joiners, soft hyphens, bidi marks
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ' ') {
                    put(' ', at);
                }
                continue;
            }
            String folded = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD)
                    .toLowerCase(Locale.ROOT);
            for (int k = 0; k < folded.length(); k++) {
                char ch = folded.charAt(k);
                if (Character.getType(ch) == Character.NON_SPACING_MARK) {
                    continue; // accents and combining overlays: c\u0332a\u0332… reads as ca…
                }
                put(LOOK_ALIKES.getOrDefault(ch, ch), at);
            }
        }
    }

    /** Compared characters so far. */
    int length() {
        return text.length();
    }

    char charAt(int index) {
        return text.charAt(index);
    }

    /** Where the compared character at {@code index} came from in the raw text. */
    int origin(int index) {
        return origin[index];
    }

    String text() {
        return text.toString();
    }

    private void put(char ch, int rawIndex) {
        if (text.length() == origin.length) {
            origin = Arrays.copyOf(origin, origin.length * 2);
        }
        origin[text.length()] = rawIndex;
        text.append(ch);
    }

    private static Map<Character, Character> lookAlikes() {
        Map<Character, Character> m = new HashMap<>();
        String cyrillic = "аеорсухіјѕԁһԛԝ";
        String latin = "aeopcyxijsdhqw";
        for (int i = 0; i < cyrillic.length(); i++) {
            m.put(cyrillic.charAt(i), latin.charAt(i));
        }
        String greek = "αεορτυνικ";
        String greekLatin = "aeoptuvik";
        for (int i = 0; i < greek.length(); i++) {
            m.put(greek.charAt(i), greekLatin.charAt(i));
        }
        for (char dash : "‐‑‒–—―−﹣".toCharArray()) {
            m.put(dash, '-');
        }
        return Map.copyOf(m);
    }
}
