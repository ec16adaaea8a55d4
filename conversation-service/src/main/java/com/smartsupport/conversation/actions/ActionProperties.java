package com.smartsupport.conversation.actions;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The assistant's actions ({@code smart.actions.*}).
 *
 * @param maxPerConversation proposals kept per conversation, at most; later ones are dropped (llm-service stops
 *                           proposing at the same limit, which it reads from the transcript)
 * @param confirmWithin      how long a proposal can be confirmed; after that it has expired
 * @param writeTimeout       how long the service that owns the data may take to carry out a confirmed action
 */
@ConfigurationProperties("smart.actions")
public record ActionProperties(Integer maxPerConversation, Duration confirmWithin, Duration writeTimeout) {
    public ActionProperties {
        maxPerConversation = maxPerConversation == null ? 5 : maxPerConversation;
        confirmWithin = confirmWithin == null ? Duration.ofHours(1) : confirmWithin;
        writeTimeout = writeTimeout == null ? Duration.ofSeconds(10) : writeTimeout;
    }
}
