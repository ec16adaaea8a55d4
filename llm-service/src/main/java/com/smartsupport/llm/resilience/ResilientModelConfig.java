package com.smartsupport.llm.resilience;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.openai.autoconfigure.OpenAiChatProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link ResilientModel} around the configured OpenAI-compatible chat model. Without one (no API key, see
 * {@code ModelSelectionPostProcessor}) there is no such bean ({@code Optional.empty()} where it is injected) and
 * replies come from the grounded fallback.
 */
@Configuration(proxyBeanMethods = false)
class ResilientModelConfig {
    private static final Logger log = LoggerFactory.getLogger(ResilientModelConfig.class);

    /**
     * Null (no bean) in offline mode. The model name is sent with every request ({@link ModelReplies}): it is
     * Spring AI's {@code spring.ai.openai.chat.model}.
     */
    @Bean
    ResilientModel resilientModel(
            ObjectProvider<ChatModel> chatModel,
            ObjectProvider<OpenAiChatProperties> chat,
            ModelResilienceProperties resilience,
            MeterRegistry meters) {
        ChatModel model = chatModel.getIfAvailable();
        if (model == null) {
            log.info("no OPENAI_API_KEY: answering offline from the customer's own data");
            return null;
        }
        log.info("answering with the configured OpenAI-compatible model");
        return new ResilientModel(new ModelReplies(model, chat.getObject().getModel()), resilience, meters);
    }
}
