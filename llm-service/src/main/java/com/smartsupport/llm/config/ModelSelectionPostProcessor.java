package com.smartsupport.llm.config;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * With no OpenAI API key configured ({@code OPENAI_API_KEY} / {@code spring.ai.openai.api-key}), switches Spring
 * AI's chat model off ({@code spring.ai.model.chat=none}) so that the service starts in offline mode and answers
 * from the customer's own data. An explicit {@code spring.ai.model.chat} always wins. With a key and
 * {@code smart.knowledge.embeddings=openai}, switches Spring AI's OpenAI embedding model on for the knowledge base
 * (off otherwise: the knowledge base embeds in process).
 */
public class ModelSelectionPostProcessor implements EnvironmentPostProcessor {
    static final String CHAT_MODEL = "spring.ai.model.chat";
    static final String EMBEDDING_MODEL = "spring.ai.model.embedding";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String key = environment.getProperty("spring.ai.openai.api-key");
        if (!StringUtils.hasText(key)) {
            key = environment.getProperty("OPENAI_API_KEY");
        }
        if (StringUtils.hasText(key) && "openai".equals(environment.getProperty("smart.knowledge.embeddings"))) {
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource("smart-knowledge-embeddings", Map.of(EMBEDDING_MODEL, "openai")));
        }
        if (environment.containsProperty(CHAT_MODEL)) {
            return;
        }
        if (!StringUtils.hasText(key)) {
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource("smart-offline-model", Map.of(CHAT_MODEL, "none")));
        }
    }
}
