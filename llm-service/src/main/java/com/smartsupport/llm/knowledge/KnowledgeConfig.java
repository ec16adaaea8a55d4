package com.smartsupport.llm.knowledge;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedder and the index, one of each per process. */
@Configuration(proxyBeanMethods = false)
class KnowledgeConfig {
    @Bean
    Embedder embedder() {
        return new MiniLmEmbedder();
    }

    @Bean(destroyMethod = "close")
    KnowledgeIndex knowledgeIndex(Embedder embedder, KnowledgeProperties properties) {
        return new KnowledgeIndex(embedder, properties.relevance());
    }
}
