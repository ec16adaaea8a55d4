package com.smartsupport.llm.knowledge;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param demoContent       load the demo shop's articles at start (only those whose slug is not there yet)
 * @param reconcileInterval how often each instance compares its index with the database, in case a
 *                          {@code knowledge.changed} event was missed (e.g. written while it was starting)
 * @param promptPassages    at most this many passages in a prompt
 * @param embeddings        {@code local} (all-MiniLM-L6-v2 in process, the default) or {@code openai} (the embeddings
 *                          API of the configured OpenAI-compatible server; needs an API key)
 * @param relevance         when a question counts as answered and which passages are relevant
 *                          ({@link KnowledgeIndex.Thresholds}; defaults tuned on the labelled retrieval set)
 */
@ConfigurationProperties("smart.knowledge")
public record KnowledgeProperties(
        Boolean demoContent,
        Duration reconcileInterval,
        Integer promptPassages,
        String embeddings,
        KnowledgeIndex.Thresholds relevance) {
    public KnowledgeProperties {
        demoContent = demoContent != null && demoContent;
        reconcileInterval = reconcileInterval == null ? Duration.ofSeconds(60) : reconcileInterval;
        promptPassages = promptPassages == null ? 4 : promptPassages;
        embeddings = embeddings == null ? "local" : embeddings;
        relevance = relevance == null ? KnowledgeIndex.Thresholds.DEFAULT : relevance;
    }
}
