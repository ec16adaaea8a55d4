package com.smartsupport.llm.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.handoff.HandoffDetector.Sentiment;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SentimentAnalyzerTest {
    private static final SentimentAnalyzer ANALYZER = SentimentAnalyzer.standard();
    /** A signal's contribution: the signed number after the quoted words or the named signal. */
    private static final Pattern CONTRIBUTION = Pattern.compile("^(?:\"[^\"]*\"|[^\"(]+?) ([+-]\\d+)");

    @Test
    void theFrustratingExampleIsNegativeAndEveryPartOfItIsNamed() {
        Sentiment s = ANALYZER.analyse("I tried restarting it twice, still flickering, this is frustrating", null);
        assertThat(s.language()).isEqualTo("en");
        assertThat(s.label()).isEqualTo("negative");
        assertThat(s.signals())
                .containsExactly(
                        "\"twice\" +1 (repeated)",
                        "\"still\" +1 (repeated)",
                        "\"flickering\" +1 (flicker)",
                        "\"frustrating\" +2 (frustrat)");
        assertThat(s.score()).isEqualTo(5);
    }

    @Test
    void eachLanguageStemsItsWordsSoThatInflectionsMatchOneEntry() {
        stemsTogether(
                "en", "frustrat", "This is frustrating.", "I am frustrated.", "Such frustration.", "It frustrates me.");
        stemsTogether(
                "fr",
                "frustr",
                "C'est frustrant.",
                "Je suis frustrée.",
                "Je suis frustree.",
                "Il est frustré.",
                "Elles sont frustrées.");
        stemsTogether(
                "es", "frustr", "Estoy frustrado.", "Estoy frustrada.", "Estamos frustrados.", "Están frustradas.");
        stemsTogether(
                "de",
                "frustri",
                "Das ist frustrierend.",
                "Ich bin frustriert.",
                "Eine frustrierte Kundin.",
                "Das frustriert mich.");
        stemsTogether(
                "pt",
                "frustr",
                "Estou frustrado.",
                "Estou frustrada.",
                "Ficamos frustrados com isso.",
                "Elas ficaram frustradas com o atraso.");
        // and the forms the stemmer keeps apart are entries of their own
        for (String[] c : new String[][] {
            {"fr", "C'est une vraie frustration."},
            {"es", "Es frustrante."},
            {"es", "Qué frustración."},
            {"de", "Das ist frustrierend!"},
            {"pt", "É frustrante."},
            {"pt", "Que frustração."}
        }) {
            assertThat(ANALYZER.analyse(c[1], c[0]).label()).as(c[1]).isEqualTo("negative");
        }
    }

    private static void stemsTogether(String language, String stem, String... messages) {
        for (String message : messages) {
            for (String given : new String[] {language, null}) {
                Sentiment s = ANALYZER.analyse(message, given);
                assertThat(s.language()).as(message).isEqualTo(language);
                assertThat(s.label()).as(message).isEqualTo("negative");
                assertThat(s.signals()).as(message).anyMatch(signal -> signal.contains(stem));
            }
        }
    }

    @Test
    void accentsAreOptionalAndUmlautsMayBeSpelledOut() {
        assertThat(ANALYZER.analyse("Je suis tres decu", "fr").signals()).anyMatch(s -> s.contains("decu"));
        assertThat(ANALYZER.analyse("Servicio pesimo", "es").label()).isEqualTo("negative");
        assertThat(ANALYZER.analyse("Ich bin enttaeuscht", "de").label()).isEqualTo("negative");
        assertThat(ANALYZER.analyse("Que pessimo atendimento", "pt").label()).isEqualTo("negative");
    }

    @Test
    void negationTurnsPositiveAndFunctionalWordsNegativeAndNegativeOnesNeutral() {
        negative("en", "I'm not happy with this.", "\"not happy\" +2 (happi, negated)");
        negative("en", "It doesn't work.", "\"doesn't work\" +2 (negated)");
        negative("en", "Nobody answered my email.", "\"nobody answered\" +2 (answer, negated)");
        negative("fr", "Je ne suis pas content.", "negated");
        negative("fr", "Ça ne marche pas.", "\"ne marche\" +2 (march, negated)");
        negative("es", "No funciona.", "\"no funciona\" +2 (funcion, negated)");
        negative("es", "No estoy satisfecho.", "negated");
        negative("de", "Es funktioniert nicht.", "\"funktioniert nicht\" +2 (funktioni, negated)");
        negative("de", "Ich bin nicht zufrieden.", "negated");
        negative("pt", "Não funciona.", "\"não funciona\" +2 (funcion, negated)");
        negative("pt", "Não estou satisfeito.", "negated");

        // "not bad" is not negative; "not angry" is not either
        assertThat(ANALYZER.analyse("Not bad at all.", "en").label()).isEqualTo("positive");
        assertThat(ANALYZER.analyse("Pas mal du tout.", "fr").label()).isEqualTo("positive");
        assertThat(ANALYZER.analyse("Nicht schlecht.", "de").label()).isEqualTo("positive");
        assertThat(ANALYZER.analyse("I'm not angry, just confused about the bill.", "en")
                        .label())
                .isEqualTo("neutral");
        // a negation does not reach across a clause
        assertThat(ANALYZER.analyse("No, I'm happy with it.", "en").label()).isEqualTo("positive");
        // "not yet" is not "still not"
        assertThat(ANALYZER.analyse("Ma commande n'est pas encore arrivée.", "fr")
                        .label())
                .isEqualTo("neutral");
        assertThat(ANALYZER.analyse("Mi pedido todavía no ha llegado.", "es").label())
                .isEqualTo("neutral");
        assertThat(ANALYZER.analyse("Le colis n'est jamais arrivé.", "fr").label())
                .isEqualTo("negative");
    }

    private static void negative(String language, String message, String signal) {
        Sentiment s = ANALYZER.analyse(message, language);
        assertThat(s.label()).as(message + " " + s.signals()).isEqualTo("negative");
        assertThat(s.signals()).as(message).anyMatch(x -> x.contains(signal));
    }

    @Test
    void intensifiersStrengthenDowntonersSoften() {
        int plain = ANALYZER.analyse("This is frustrating", "en").score();
        assertThat(ANALYZER.analyse("This is really frustrating", "en").score()).isEqualTo(plain + 1);
        assertThat(ANALYZER.analyse("This is really frustrating", "en").signals())
                .containsExactly("\"really frustrating\" +3 (frustrat, intensified)");
        assertThat(ANALYZER.analyse("Je suis très déçu", "fr").score())
                .isEqualTo(ANALYZER.analyse("Je suis déçu", "fr").score() + 1);
        assertThat(ANALYZER.analyse("Estoy muy molesto", "es").score())
                .isEqualTo(ANALYZER.analyse("Estoy molesto", "es").score() + 1);
        assertThat(ANALYZER.analyse("Ich bin sehr enttäuscht", "de").score())
                .isEqualTo(ANALYZER.analyse("Ich bin enttäuscht", "de").score() + 1);
        assertThat(ANALYZER.analyse("Estou muito irritado", "pt").score())
                .isEqualTo(ANALYZER.analyse("Estou irritado", "pt").score() + 1);
        assertThat(ANALYZER.analyse("I'm a bit disappointed", "en").score())
                .isEqualTo(ANALYZER.analyse("I'm disappointed", "en").score() - 1);
        assertThat(ANALYZER.analyse("Je suis un peu déçu", "fr").signals()).anyMatch(s -> s.contains("softened"));
        // "not very happy" is not stronger than "not happy"
        assertThat(ANALYZER.analyse("I'm not very happy", "en").score())
                .isEqualTo(ANALYZER.analyse("I'm not happy", "en").score());
        assertThat(ANALYZER.analyse("I'm really not happy", "en").score())
                .isEqualTo(ANALYZER.analyse("I'm not happy", "en").score() + 1);
    }

    @Test
    void repeatedProblemsAddUpToTwoPoints() {
        assertThat(ANALYZER.analyse("It broke again.", "en").signals()).contains("\"again\" +1 (repeated)");
        assertThat(ANALYZER.analyse("Ça ne marche toujours pas.", "fr").signals())
                .contains("\"toujours pas\" +1 (toujour pas, repeated)");
        assertThat(ANALYZER.analyse("Sigue sin funcionar.", "es").signals())
                .contains("\"sigue sin\" +2 (sig sin, repeated)");
        assertThat(ANALYZER.analyse("Es geht immer noch nicht.", "de").signals())
                .contains("\"immer noch\" +1 (imm noch, repeated)");
        assertThat(ANALYZER.analyse("Ainda está quebrado.", "pt").signals()).contains("\"ainda\" +1 (aind, repeated)");
        Sentiment many = ANALYZER.analyse("Again, still, for the third time, twice over", "en");
        assertThat(many.score()).isEqualTo(SentimentAnalyzer.REPEATED_CAP);
    }

    @Test
    void thanksAndPraiseBeforeAContrastDoNotCount() {
        assertThat(ANALYZER.analyse("Thanks, that fixed it!", "en").label()).isEqualTo("positive");
        Sentiment mixed = ANALYZER.analyse("Thanks for the reply, but it still doesn't work.", "en");
        assertThat(mixed.label()).isEqualTo("negative");
        assertThat(mixed.signals()).noneMatch(s -> s.contains("thank"));
        assertThat(ANALYZER.analyse("Merci d'avance pour votre retour.", "fr").label())
                .isEqualTo("neutral");
    }

    @Test
    void shoutingAndDoubleExclamationCountAsBeforeUnlessTheWordsArePositive() {
        Sentiment shouting = ANALYZER.analyse("WHERE IS MY PARCEL, THIS IS TERRIBLE!!", "en");
        assertThat(shouting.signals()).contains("shouting (capitals) +2", "\"!!\" +1");
        Sentiment glad = ANALYZER.analyse("THANK YOU SO MUCH, PERFECT!!", "en");
        assertThat(glad.label()).isEqualTo("positive");
        assertThat(glad.signals()).noneMatch(s -> s.startsWith("shouting"));
    }

    @Test
    void theSignalsAddUpToTheScore() {
        for (String message : List.of(
                "I tried restarting it twice, still flickering, this is frustrating",
                "This is the WORST service, absolutely unacceptable!!",
                "Thanks for the reply, but it still doesn't work.",
                "Je ne suis pas content du tout, c'est vraiment décevant !!",
                "Das Ladegerät ist kaputtgegangen, total ärgerlich.",
                "Not bad at all, thank you")) {
            Sentiment s = ANALYZER.analyse(message, null);
            int sum = 0;
            for (String signal : s.signals()) {
                Matcher m = CONTRIBUTION.matcher(signal);
                assertThat(m.find()).as(signal).isTrue();
                sum += Integer.parseInt(m.group(1));
            }
            assertThat(sum).as(message + " " + s.signals()).isEqualTo(s.score());
        }
    }

    @Test
    void germanCompoundsAreReadByTheirSentimentPart() {
        Sentiment s = ANALYZER.analyse("Das Ladegerät ist nach zwei Tagen kaputtgegangen.", "de");
        assertThat(s.signals()).anyMatch(x -> x.startsWith("\"kaputtgegangen\" +2") && x.contains("compound"));
    }

    @Test
    void theLanguageIsTheCallersOrGuessed() {
        assertThat(ANALYZER.analyse("Estoy harta de esperar.", null).language()).isEqualTo("es");
        assertThat(ANALYZER.analyse("Estou farta de esperar.", null).language()).isEqualTo("pt");
        assertThat(ANALYZER.analyse("Adorei, chegou antes do prazo.", null).language())
                .isEqualTo("pt");
        assertThat(ANALYZER.analyse("Ich bin sauer.", null).language()).isEqualTo("de");
        assertThat(ANALYZER.analyse("Nul.", "fr-CA").language()).isEqualTo("fr");
        // a language without a lexicon: guessed
        assertThat(ANALYZER.analyse("C'est honteux.", "it").language()).isEqualTo("fr");
        assertThat(ANALYZER.analyse("", null)).isEqualTo(new Sentiment(0, List.of(), null));
        assertThat(ANALYZER.analyse(null, "en").score()).isZero();
    }

    @Test
    void labelsFollowTheScore() {
        assertThat(SentimentAnalyzer.label(SentimentAnalyzer.NEGATIVE_FROM)).isEqualTo("negative");
        assertThat(SentimentAnalyzer.label(SentimentAnalyzer.NEGATIVE_FROM - 1)).isEqualTo("neutral");
        assertThat(SentimentAnalyzer.label(SentimentAnalyzer.POSITIVE_FROM + 1)).isEqualTo("neutral");
        assertThat(SentimentAnalyzer.label(SentimentAnalyzer.POSITIVE_FROM)).isEqualTo("positive");
        assertThat(new Sentiment(5, List.of()).label()).isEqualTo("negative");
    }
}
