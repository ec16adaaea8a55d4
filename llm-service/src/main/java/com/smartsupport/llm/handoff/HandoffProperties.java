package com.smartsupport.llm.handoff;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When a customer message brings a human ({@link HandoffDetector}).
 *
 * @param sentimentThreshold a message whose sentiment score ({@link SentimentAnalyzer}) reaches this asks for a
 *                           human: 5 by default, a strong word (3) and two more signals, or two clear ones and
 *                           a third; about one negative message in seven in the labelled set, no other
 *                           (the lexicon's scale is wider than the old word list's, whose default was 4)
 * @param frustratedMessages negative customer messages in a row (this one included) that ask for a human
 */
@ConfigurationProperties("smart.llm.handoff")
public record HandoffProperties(Integer sentimentThreshold, Integer frustratedMessages) {
    public HandoffProperties {
        sentimentThreshold = sentimentThreshold == null ? 5 : sentimentThreshold;
        frustratedMessages = frustratedMessages == null ? 3 : frustratedMessages;
    }
}
