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
        assertThat(d.get().detail()).contains("m7", "\"worst\" +2", "\"unacceptable\" +2", "\"!!\" +1", "threshold 4");
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
    }
}
