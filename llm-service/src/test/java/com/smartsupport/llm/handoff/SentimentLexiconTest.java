package com.smartsupport.llm.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.smartsupport.llm.handoff.SentimentLexicon.Kind;
import org.junit.jupiter.api.Test;

class SentimentLexiconTest {

    @Test
    void everyLanguageHasARealLexiconWithoutStemCollisions() {
        int negative = 0;
        int positive = 0;
        for (String language : SentimentAnalyzer.LANGUAGES) {
            SentimentLexicon lexicon = SentimentLexicon.load(language);
            var counts = lexicon.counts();
            System.out.println(language + ": " + counts);
            assertThat(counts.get(Kind.NEGATIVE)).as(language).isGreaterThanOrEqualTo(100);
            assertThat(counts.get(Kind.POSITIVE)).as(language).isGreaterThanOrEqualTo(30);
            assertThat(counts.get(Kind.NEGATION)).as(language).isPositive();
            assertThat(lexicon.collisions()).as(language).isEmpty();
            negative += counts.get(Kind.NEGATIVE);
            positive += counts.get(Kind.POSITIVE);
        }
        System.out.println("negative entries " + negative + ", positive " + positive);
    }

    @Test
    void aMalformedLineNamesItsLine() {
        assertThatThrownBy(() -> SentimentLexicon.parse("en", "[negative]\nawful 3\nterrible\n"))
                .hasMessageContaining("en.txt line 3");
        assertThatThrownBy(() -> SentimentLexicon.parse("en", "awful 3\n")).hasMessageContaining("no section");
    }
}
