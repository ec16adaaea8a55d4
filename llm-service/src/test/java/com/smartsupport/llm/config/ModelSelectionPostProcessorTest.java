package com.smartsupport.llm.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class ModelSelectionPostProcessorTest {
    private final ModelSelectionPostProcessor processor = new ModelSelectionPostProcessor();

    @Test
    void withoutAKeyTheChatModelIsSwitchedOff() {
        MockEnvironment env = new MockEnvironment().withProperty("spring.ai.openai.api-key", "");
        processor.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("spring.ai.model.chat")).isEqualTo("none");
    }

    @Test
    void withAKeyTheOpenAiModelStaysOn() {
        MockEnvironment env = new MockEnvironment().withProperty("OPENAI_API_KEY", "sk-test");
        processor.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("spring.ai.model.chat")).isNull();
    }

    @Test
    void anExplicitChoiceWins() {
        MockEnvironment env = new MockEnvironment().withProperty("spring.ai.model.chat", "openai");
        processor.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("spring.ai.model.chat")).isEqualTo("openai");
    }
}
