package com.smartsupport.llm.reply;

import java.util.HashMap;

/**
 * The substrings of one text, as a suffix automaton: fed a stream one character at a time, it tells the length of
 * the longest end of the stream that occurs anywhere in the text (in O(1) amortised per character). The
 * {@link OutputGuard} keeps one per pattern.
 */
final class SubstringAutomaton {
    private final int[] length;
    private final int[] link;
    private final HashMap<Character, Integer>[] next;
    private int size;

    @SuppressWarnings("unchecked")
    SubstringAutomaton(String text) {
        int capacity = 2 * text.length() + 2;
        length = new int[capacity];
        link = new int[capacity];
        next = new HashMap[capacity];
        next[0] = new HashMap<>();
        link[0] = -1;
        size = 1;
        int last = 0;
        for (int i = 0; i < text.length(); i++) {
            last = extend(last, text.charAt(i));
        }
    }

    /**
     * From (state, matched length), after one more character: the new pair packed as state << 32 | length. Start
     * from (0, 0); the length is that of the longest end of the characters fed so far that occurs in the text.
     */
    long step(int state, int matched, char c) {
        int s = state;
        int m = matched;
        while (s != 0 && !next[s].containsKey(c)) {
            s = link[s];
            m = length[s];
        }
        Integer to = next[s].get(c);
        if (to == null) {
            return 0L;
        }
        return ((long) to << 32) | (m + 1);
    }

    private int extend(int last, char c) {
        int cur = size++;
        length[cur] = length[last] + 1;
        next[cur] = new HashMap<>();
        int p = last;
        while (p != -1 && !next[p].containsKey(c)) {
            next[p].put(c, cur);
            p = link[p];
        }
        if (p == -1) {
            link[cur] = 0;
        } else {
            int q = next[p].get(c);
            if (length[p] + 1 == length[q]) {
                link[cur] = q;
            } else {
                int clone = size++;
                length[clone] = length[p] + 1;
                next[clone] = new HashMap<>(next[q]);
                link[clone] = link[q];
                while (p != -1 && next[p].get(c) == q) {
                    next[p].put(c, clone);
                    p = link[p];
                }
                link[q] = clone;
                link[cur] = clone;
            }
        }
        return cur;
    }
}
