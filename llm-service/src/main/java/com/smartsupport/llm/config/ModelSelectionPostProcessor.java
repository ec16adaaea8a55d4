package com.smartsupport.llm.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import java.util.Map;

/**
 * With no OpenAI API key configured ({@code OPENAI_API_KEY} / {@code spring.ai.openai.api-key}), switches Spring
 * AI's chat model off ({@code spring.ai.model.chat=none}) so that the service starts in offline mode and answers
 * from the customer's own data. An explicit {@code spring.ai.model.chat} always wins.
 */
public class ModelSelectionPostProcessor implements EnvironmentPostProcessor {
    static final String CHAT_MODEL = "spring.ai.model.chat";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(CHAT_MODEL)) {
            return;
        }
        String key = environment.getProperty("spring.ai.openai.api-key");
        if (!StringUtils.hasText(key)) {
            key = environment.getProperty("OPENAI_API_KEY");
        }
        if (!StringUtils.hasText(key)) {
            environment.getPropertySources().addLast(new MapPropertySource("smart-offline-model",
                    Map.of(CHAT_MODEL, "none")));
        }
    }
}
