package com.smartsupport.llm.prompt;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxTokens         hard cap on the prompt, counted with the model's tokenizer (o200k_base)
 * @param maxMessageTokens  the customer's message is cut beyond this
 * @param maxContextTokens  the block of purchases and cases relevant to the message
 * @param maxProfileTokens  the standing profile summary
 * @param maxSummaryTokens  the running summary of older turns
 * @param maxTurnTokens     any single earlier turn is cut beyond this
 * @param maxKnowledgeTokens the numbered knowledge-base passages (at most half of what is left after the message)
 */
@ConfigurationProperties("smart.llm.prompt")
public record PromptProperties(
        Integer maxTokens,
        Integer maxMessageTokens,
        Integer maxContextTokens,
        Integer maxProfileTokens,
        Integer maxSummaryTokens,
        Integer maxTurnTokens,
        Integer maxKnowledgeTokens) {
    public PromptProperties {
        maxTokens = maxTokens == null ? 3000 : maxTokens;
        maxMessageTokens = maxMessageTokens == null ? 1000 : maxMessageTokens;
        maxContextTokens = maxContextTokens == null ? 600 : maxContextTokens;
        maxProfileTokens = maxProfileTokens == null ? 450 : maxProfileTokens;
        maxSummaryTokens = maxSummaryTokens == null ? 250 : maxSummaryTokens;
        maxTurnTokens = maxTurnTokens == null ? 300 : maxTurnTokens;
        maxKnowledgeTokens = maxKnowledgeTokens == null ? 900 : maxKnowledgeTokens;
    }

    public static PromptProperties defaults() {
        return new PromptProperties(null, null, null, null, null, null, null);
    }
}
