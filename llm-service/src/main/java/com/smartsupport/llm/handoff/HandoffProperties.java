package com.smartsupport.llm.handoff;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When a customer message brings a human ({@link HandoffDetector}).
 *
 * @param sentimentThreshold a message whose sentiment score ({@link SentimentAnalyzer}) reaches this asks for a
 *                           human; 4 by default: a strong word (3) and one more signal, or clear displeasure (2)
 *                           and two more. In the labelled sets no neutral or positive message reaches it, and about
 *                           three negative messages in ten do (the rest count towards repeated frustration)
 * @param frustratedMessages negative customer messages in a row (this one included) that ask for a human
 */
@ConfigurationProperties("smart.llm.handoff")
public record HandoffProperties(Integer sentimentThreshold, Integer frustratedMessages) {
    public HandoffProperties {
        sentimentThreshold = sentimentThreshold == null ? 4 : sentimentThreshold;
        frustratedMessages = frustratedMessages == null ? 3 : frustratedMessages;
    }
}
