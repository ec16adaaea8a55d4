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
 *                          ({@link KnowledgeIndex.Thresholds}); each value left out keeps its default, tuned on
 *                          the labelled retrieval set
 */
@ConfigurationProperties("smart.knowledge")
public record KnowledgeProperties(
        Boolean demoContent,
        Duration reconcileInterval,
        Integer promptPassages,
        String embeddings,
        Relevance relevance) {
    public KnowledgeProperties {
        demoContent = demoContent != null && demoContent;
        reconcileInterval = reconcileInterval == null ? Duration.ofSeconds(60) : reconcileInterval;
        promptPassages = promptPassages == null ? 4 : promptPassages;
        embeddings = embeddings == null || embeddings.isBlank() ? "local" : embeddings;
        relevance = relevance == null ? new Relevance(null, null, null, null) : relevance;
    }

    /** {@link KnowledgeIndex.Thresholds} as set: a value left out is the default's. */
    public record Relevance(Double minimum, Double marginWeight, Double agreementBonus, Double keepWithin) {
        public KnowledgeIndex.Thresholds thresholds() {
            KnowledgeIndex.Thresholds d = KnowledgeIndex.Thresholds.DEFAULT;
            return new KnowledgeIndex.Thresholds(
                    minimum == null ? d.minimum() : minimum,
                    marginWeight == null ? d.marginWeight() : marginWeight,
                    agreementBonus == null ? d.agreementBonus() : agreementBonus,
                    keepWithin == null ? d.keepWithin() : keepWithin);
        }
    }
}
