package com.smartsupport.llm.knowledge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts an article into passages along its headings: each {@code #}, {@code ##} or {@code ###} section is one
 * passage, named by its heading; a section longer than {@link #MAX_WORDS} words (a few hundred tokens) is cut into
 * windows that overlap by {@link #OVERLAP_WORDS} words, preferably at sentence ends; a section too short to stand
 * alone is joined to the next. Each passage is what a citation quotes and what the prompt numbers.
 */
public final class Chunker {
    static final int MAX_WORDS = 220;
    static final int OVERLAP_WORDS = 40;
    static final int MIN_WORDS = 12;

    /** One passage: its heading (the article's title for text before the first heading) and its text. */
    public record Chunk(int index, String heading, String text) {}

    private Chunker() {}

    public static List<Chunk> chunk(String title, String body) {
        List<String[]> sections = new ArrayList<>();
        String heading = title;
        StringBuilder text = new StringBuilder();
        for (String line : body.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.matches("#{1,6} .*")) {
                sections.add(new String[] {heading, text.toString().strip()});
                heading = trimmed.replaceFirst("^#+\\s*", "");
                text.setLength(0);
            } else {
                text.append(line).append('\n');
            }
        }
        sections.add(new String[] {heading, text.toString().strip()});

        List<Chunk> chunks = new ArrayList<>();
        String carryHeading = null;
        StringBuilder carry = new StringBuilder();
        for (String[] section : sections) {
            String sectionText = section[1];
            if (sectionText.isEmpty()) {
                continue;
            }
            if (carry.length() > 0) {
                sectionText = carry + "\n" + sectionText;
                section[0] = carryHeading;
                carry.setLength(0);
            }
            if (words(sectionText).length < MIN_WORDS) {
                carryHeading = section[0];
                carry.append(sectionText);
                continue;
            }
            for (String window : windows(sectionText)) {
                chunks.add(new Chunk(chunks.size(), section[0], window));
            }
        }
        if (carry.length() > 0) {
            chunks.add(new Chunk(chunks.size(), carryHeading, carry.toString()));
        }
        return chunks;
    }

    /** The section itself when short enough, else overlapping windows that end at a sentence where possible. */
    static List<String> windows(String text) {
        String[] words = words(text);
        if (words.length <= MAX_WORDS) {
            return List.of(text);
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < words.length) {
            int end = Math.min(words.length, start + MAX_WORDS);
            if (end < words.length) {
                // end at the last sentence break in the window's second half, if there is one
                for (int i = end - 1; i > start + MAX_WORDS / 2; i--) {
                    if (words[i].matches(".*[.!?:]$")) {
                        end = i + 1;
                        break;
                    }
                }
            }
            out.add(String.join(" ", Arrays.copyOfRange(words, start, end)));
            if (end >= words.length) {
                break;
            }
            start = Math.max(start + 1, end - OVERLAP_WORDS);
        }
        return out;
    }

    private static String[] words(String text) {
        String t = text.strip();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }
}
