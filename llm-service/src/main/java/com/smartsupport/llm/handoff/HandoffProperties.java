package com.smartsupport.llm.handoff;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When a customer message brings a human ({@link HandoffDetector}).
 *
 * @param sentimentThreshold a message whose negative-lexicon score reaches this asks for a human
 * @param frustratedMessages negative customer messages in a row (this one included) that ask for a human
 */
@ConfigurationProperties("smart.llm.handoff")
public record HandoffProperties(Integer sentimentThreshold, Integer frustratedMessages) {
    public HandoffProperties {
        sentimentThreshold = sentimentThreshold == null ? 4 : sentimentThreshold;
        frustratedMessages = frustratedMessages == null ? 3 : frustratedMessages;
    }
}
