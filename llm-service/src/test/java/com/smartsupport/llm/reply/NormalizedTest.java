package com.smartsupport.llm.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The compared form of a text and where each of its characters came from. */
class NormalizedTest {

    @Test
    void caseAccentsInvisibleCharactersWhitespaceCompatibilityFormsDashesAndLookAlikesAreFolded() {
        assertThat(Normalized.of("  A\u200bB\n\n C\u00a0ﬁ\u2014")).isEqualTo("ab c fi-");
        assertThat(Normalized.of("Ça Va, CAFÉ")).isEqualTo("ca va, cafe");
        assertThat(Normalized.of("c\u0332a\u0332n\u0332"))
                .as("combining low lines")
                .isEqualTo("can");
        assertThat(Normalized.of("\uff23\uff41\uff4e\uff41\uff52\uff59"))
                .as("full-width")
                .isEqualTo("canary");
        assertThat(Normalized.of("\u0440\u0430\u0441\u0443\u0433"))
                .as("Cyrillic look-alikes; \u0433 is none")
                .isEqualTo("pacy\u0433");
        assertThat(Normalized.of("\u03c1\u03bf\u03b9\u03bd\u03c4"))
                .as("Greek look-alikes")
                .isEqualTo("poivt");
        assertThat(Normalized.of("a\u2010b\u2011c\u2012d\u2013e\u2212f\ufe63g")).isEqualTo("a-b-c-d-e-f-g");
        assertThat(Normalized.of("soft\u00adhyphen\u2060joined\u200d")).isEqualTo("softhyphenjoined");
        assertThat(Normalized.of("注文 ORD-80455")).isEqualTo("注文 ord-80455");
        assertThat(Normalized.of(null)).isEmpty();
    }

    @Test
    void eachComparedCharacterRemembersWhereItCameFromAcrossChunks() {
        Normalized n = new Normalized();
        n.append("Ab", 0);
        n.append("\u200bé  C", 2);
        assertThat(n.text()).isEqualTo("abe c");
        assertThat(n.length()).isEqualTo(5);
        assertThat(n.charAt(2)).isEqualTo('e');
        int[] origins = new int[n.length()];
        for (int i = 0; i < origins.length; i++) {
            origins[i] = n.origin(i);
        }
        assertThat(origins).containsExactly(0, 1, 3, 4, 6);
    }

    @Test
    void aCharacterOutsideTheBasicPlaneMapsToItsFirstCharAndLongTextsKeepTheirOrigins() {
        Normalized n = new Normalized();
        n.append("x\uD835\uDC00y", 0); // MATHEMATICAL BOLD CAPITAL A: two chars, folded to "a"
        assertThat(n.text()).isEqualTo("xay");
        assertThat(n.origin(1)).isEqualTo(1);
        assertThat(n.origin(2)).isEqualTo(3);

        Normalized longer = new Normalized();
        String text = "abcdefghij".repeat(100);
        longer.append(text, 0);
        assertThat(longer.length()).isEqualTo(1000);
        assertThat(longer.origin(999)).isEqualTo(999);
    }
}
