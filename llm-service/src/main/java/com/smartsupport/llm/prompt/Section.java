package com.smartsupport.llm.prompt;

/** Lines added while they fit within a token cap; a line that does not fit is skipped. */
final class Section {
    private final TokenCounter tokens;
    private final int cap;
    private final StringBuilder text = new StringBuilder();
    private int used;

    Section(TokenCounter tokens, int cap) {
        this.tokens = tokens;
        this.cap = cap;
    }

    /** Adds the line if it fits; a null line is nothing to add and counts as fitting. */
    boolean add(String line) {
        if (line == null) {
            return true;
        }
        int cost = tokens.count(line) + 1; // the newline
        if (used + cost > cap) {
            return false;
        }
        text.append(line).append('\n');
        used += cost;
        return true;
    }

    int left() {
        return cap - used;
    }

    String text() {
        return text.toString().trim();
    }
}
