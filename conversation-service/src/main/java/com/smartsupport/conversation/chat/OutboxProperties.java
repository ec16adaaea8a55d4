package com.smartsupport.conversation.chat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The customer messages' outbox ({@code smart.outbox.*}).
 *
 * @param interval     how often the relay looks for stored messages whose event never reached the broker
 * @param grace        how old such a message must be before the relay publishes it (its own post may still be at it)
 * @param markInterval how often the published marks are written, in one batch ({@link PublishedMarks})
 */
@ConfigurationProperties(OutboxProperties.PREFIX)
public record OutboxProperties(
        @DefaultValue("5s") Duration interval,
        @DefaultValue("5s") Duration grace,
        @DefaultValue("20ms") Duration markInterval) {
    static final String PREFIX = "smart.outbox";
    /** The bean's name, for {@code @Scheduled} expressions. */
    public static final String BEAN = PREFIX + "-com.smartsupport.conversation.chat.OutboxProperties";
}
