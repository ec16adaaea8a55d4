package com.smartsupport.llm.reply;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the model charges, in US dollars per million tokens, for the cost estimate
 * ({@code smart_llm_cost_usd_total}). Defaults are gpt-4o-mini's list prices; set them for the model in use.
 */
@ConfigurationProperties("smart.llm.pricing")
public record ModelPricing(BigDecimal promptPerMillion, BigDecimal completionPerMillion) {
    public ModelPricing {
        promptPerMillion = promptPerMillion == null ? new BigDecimal("0.15") : promptPerMillion;
        completionPerMillion = completionPerMillion == null ? new BigDecimal("0.60") : completionPerMillion;
    }

    public double costUsd(int promptTokens, int completionTokens) {
        return (promptTokens * promptPerMillion.doubleValue() + completionTokens * completionPerMillion.doubleValue())
                / 1_000_000d;
    }
}
