package com.smartsupport.llm.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageGuessTest {
    @Test
    void shortCustomerMessagesInEachLanguage() {
        assertThat(LanguageGuess.of("How long do I have to return my headphones?"))
                .isEqualTo("en");
        assertThat(LanguageGuess.of("Comment retourner mon casque ?")).isEqualTo("fr");
        assertThat(LanguageGuess.of("¿Cuánto dura la garantía de mi portátil?")).isEqualTo("es");
        assertThat(LanguageGuess.of("Wie lange habe ich Garantie auf den Monitor?"))
                .isEqualTo("de");
    }

    @Test
    void tooLittleToGoOnIsNoGuess() {
        assertThat(LanguageGuess.of("SW-ANC-700")).isNull();
        assertThat(LanguageGuess.of("")).isNull();
        assertThat(LanguageGuess.of(null)).isNull();
    }
}
