package com.smartsupport.llm.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.conversation.Transcript;
import com.smartsupport.llm.conversation.Transcript.Role;
import com.smartsupport.llm.conversation.Transcript.Turn;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandoffDetectorTest {
    private final HandoffDetector detector = new HandoffDetector(new HandoffProperties(4, 3));

    @Test
    void explicitRequestsForAPersonInSeveralLanguages() {
        for (String ask : List.of(
                "Can I talk to a person please?",
                "let me speak with a human",
                "I want a real person",
                "Je voudrais parler à un conseiller",
                "¿Puedo hablar con una persona?",
                "Kann ich mit einem Menschen sprechen?")) {
            var d = detector.decide("m1", ask, null);
            assertThat(d).as(ask).isPresent();
            assertThat(d.get().reason()).isEqualTo("customer_request");
            assertThat(d.get().detail()).contains("m1");
        }
    }

    @Test
    void strongNegativeSentimentIsExplainedSignalBySignal() {
        var d = detector.decide("m7", "This is the WORST service, absolutely unacceptable!!", null);
        assertThat(d).isPresent();
        assertThat(d.get().reason()).isEqualTo("sentiment");
        assertThat(d.get().detail())
                .contains(
                        "m7",
                        "\"worst\" +3",
                        "\"absolutely unacceptable\" +4 (unaccept, intensified)",
                        "\"!!\" +1",
                        "threshold 4");
    }

    @Test
    void theFrustratingExampleIsStrongEnoughToBringAHuman() {
        String message = "I tried restarting it twice, still flickering, this is frustrating";
        assertThat(detector.sentiment(message).label()).isEqualTo("negative");
        var d = new HandoffDetector(new HandoffProperties(null, null)).decide("m9", message, null);
        assertThat(d).isPresent();
        assertThat(d.get().detail()).contains("scores 5 (threshold 4)", "\"frustrating\" +2 (frustrat)");
    }

    @Test
    void strongSentimentInEveryLanguage() {
        for (String message : List.of(
                "C'est inadmissible, je suis vraiment furieux !!",
                "Es inaceptable, estoy muy enfadado, otra vez lo mismo.",
                "Das ist eine Frechheit, ich bin total verärgert, schon wieder!",
                "É inaceitável, estou muito irritado, de novo o mesmo problema.")) {
            assertThat(detector.decide("m", message, null)).as(message).isPresent();
        }
    }

    @Test
    void theLanguageMayBeGiven() {
        assertThat(detector.sentiment("Nul.", "fr").language()).isEqualTo("fr");
        assertThat(detector.decide("m", "Inadmissible, furieux !!", null, "fr")).isPresent();
    }

    @Test
    void mildOrNeutralMessagesDoNotEscalateOnTheirOwn() {
        assertThat(detector.decide("m1", "Where is my order?", null)).isEmpty();
        assertThat(detector.decide("m1", "I'm a bit disappointed with the delay", null))
                .isEmpty();
        assertThat(detector.decide("m1", "Is the person who delivers on time?", null))
                .isEmpty();
    }

    @Test
    void repeatedFrustrationEscalatesEvenWhenEachMessageIsMild() {
        Transcript history = new Transcript(
                "c",
                "cus_1",
                "OPEN",
                List.of(
                        new Turn("m1", Role.CUSTOMER, "Still not delivered.", Instant.now(), null),
                        new Turn("r1", Role.ASSISTANT, "Sorry about that.", Instant.now(), "llm"),
                        new Turn("m2", Role.CUSTOMER, "I'm frustrated, nobody answers.", Instant.now(), null)));
        var d = detector.decide("m3", "Still not here, again.", history);
        assertThat(d).isPresent();
        assertThat(d.get().reason()).isEqualTo("frustration");
        assertThat(d.get().detail()).contains("3 negative messages", "m3");
    }

    @Test
    void theThresholdIsConfiguration() {
        assertThat(new HandoffDetector(new HandoffProperties(10, 3)).decide("m", "worst, unacceptable!!", null))
                .isEmpty();
        assertThat(new HandoffDetector(new HandoffProperties(2, 3)).decide("m", "this is terrible", null))
                .isPresent();
        assertThat(new HandoffProperties(null, null).sentimentThreshold()).isEqualTo(4);
    }

    @Test
    void aPositiveOrNeutralConversationDoesNotCountAsFrustration() {
        Transcript history = new Transcript(
                "c",
                "cus_1",
                "OPEN",
                List.of(
                        new Turn("m1", Role.CUSTOMER, "Where is my order?", Instant.now(), null),
                        new Turn("m2", Role.CUSTOMER, "Thanks, that helps.", Instant.now(), null)));
        assertThat(detector.decide("m3", "It is still not here, again.", history))
                .isEmpty();
    }
}
