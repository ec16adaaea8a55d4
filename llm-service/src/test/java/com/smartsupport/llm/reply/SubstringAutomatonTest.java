package com.smartsupport.llm.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The suffix automaton on its own, against the definition: the longest end of the stream that occurs in the text. */
class SubstringAutomatonTest {

    /** Feeds {@code stream} one character at a time; the matched length after each. */
    static int[] matchedLengths(SubstringAutomaton automaton, String stream) {
        int[] out = new int[stream.length()];
        int state = 0;
        int matched = 0;
        for (int i = 0; i < stream.length(); i++) {
            long next = automaton.step(state, matched, stream.charAt(i));
            state = (int) (next >>> 32);
            matched = (int) next;
            out[i] = matched;
        }
        return out;
    }

    /** The slow way: the longest end of {@code stream} that is a substring of {@code text}. */
    static int longestEndIn(String text, String stream) {
        for (int n = stream.length(); n > 0; n--) {
            if (text.contains(stream.substring(stream.length() - n))) {
                return n;
            }
        }
        return 0;
    }

    static String random(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    @Test
    void everyStepGivesTheLongestEndOfTheStreamThatOccursInTheText() {
        Random random = new Random(3);
        for (int round = 0; round < 500; round++) {
            // small alphabets: many repeats, so the automaton clones states and follows suffix links
            String alphabet = round % 2 == 0 ? "ab" : "abcá ";
            String text = random(random, alphabet, random.nextInt(30));
            String stream = random(random, alphabet + "z", 1 + random.nextInt(60));
            int[] matched = matchedLengths(new SubstringAutomaton(text), stream);
            for (int i = 0; i < stream.length(); i++) {
                assertThat(matched[i])
                        .as("text %s, stream %s, after %d characters", text, stream, i + 1)
                        .isEqualTo(longestEndIn(text, stream.substring(0, i + 1)));
            }
        }
    }

    @Test
    void theWholeTextIsMatchedWhereverItStartsInTheStream() {
        String text = "canary-0123456789abcdef";
        SubstringAutomaton automaton = new SubstringAutomaton(text);
        int[] matched = matchedLengths(automaton, "here is canary-canary-0123456789abcdef, ok");
        int end = "here is canary-canary-0123456789abcdef".length() - 1;
        assertThat(matched[end]).isEqualTo(text.length());
        assertThat(matched[end + 1]).as("',' is not in the text").isZero();
    }

    @Test
    void anEmptyTextMatchesNothing() {
        assertThat(matchedLengths(new SubstringAutomaton(""), "abc")).containsOnly(0);
    }
}
