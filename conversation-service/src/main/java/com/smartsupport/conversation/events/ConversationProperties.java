package com.smartsupport.conversation.events;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * conversation-service's consumers ({@code smart.conversation.*}).
 *
 * @param maxRepliesInFlight completed replies being stored at once, at most ({@link ReplyPersistence})
 */
@ConfigurationProperties("smart.conversation")
public record ConversationProperties(@DefaultValue("256") int maxRepliesInFlight) {}
