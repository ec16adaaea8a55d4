package com.smartsupport.conversation.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GratitudeTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Thanks!",
                "thank you so much",
                "Great, thanks",
                "Perfect, thank you, bye",
                "Merci beaucoup !",
                "Muchas gracias",
                "Vielen Dank",
                "Danke schön",
                "Obrigado!",
                "ok thx",
                "Thanks, that worked"
            })
    void aThankYouAloneDoesNotBringTheProblemBack(String message) {
        assertThat(Gratitude.only(message)).as(message).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Thanks, but it still doesn't work",
                "thank you, it's not fixed",
                "Merci mais ça ne marche pas",
                "Gracias pero todavía no funciona",
                "Danke, aber es geht noch nicht",
                "Actually it stopped working again",
                "Hello?",
                "Thanks. One more question: when does my plan renew?",
                "",
            })
    void anythingMoreIsTheCustomerComingBack(String message) {
        assertThat(Gratitude.only(message)).as(message).isFalse();
    }

    @Test
    void nothingIsNotAThankYou() {
        assertThat(Gratitude.only(null)).isFalse();
    }
}
