package com.smartsupport.llm.knowledge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedder and the index, one of each per process. The embedder is the in-process all-MiniLM-L6-v2, unless
 * {@code smart.knowledge.embeddings=openai} and Spring AI's OpenAI embedding model is there (it is when an API key
 * is set: {@code config.ModelSelectionPostProcessor}).
 */
@Configuration(proxyBeanMethods = false)
class KnowledgeConfig {
    private static final Logger log = LoggerFactory.getLogger(KnowledgeConfig.class);

    @Bean
    Embedder embedder(KnowledgeProperties properties, ObjectProvider<EmbeddingModel> openAi) {
        if ("openai".equals(properties.embeddings())) {
            EmbeddingModel embeddings = openAi.getIfAvailable();
            if (embeddings != null) {
                log.info("knowledge embeddings: the OpenAI-compatible embeddings API");
                return new OpenAiEmbedder(embeddings);
            }
            log.warn("SMART_KNOWLEDGE_EMBEDDINGS=openai but no OpenAI API key is set: embedding in process");
        }
        return new MiniLmEmbedder();
    }

    @Bean(destroyMethod = "close")
    KnowledgeIndex knowledgeIndex(Embedder embedder, KnowledgeProperties properties) {
        return new KnowledgeIndex(embedder, properties.relevance().thresholds());
    }
}
