package com.smartsupport.conversation.outcomes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How conversations get their outcome ({@code smart.outcomes.*}).
 *
 * @param idle       a conversation nobody wrote in for this long is decided: the assistant answered last (resolved,
 *                   assumed), it waited for a person who never joined (abandoned), or the customer said it did not
 *                   help or had no answer (unresolved)
 * @param durableFor a customer who writes again within this long after the outcome reopens the conversation: the
 *                   resolution did not last
 * @param sweepEvery how often idle conversations are looked for
 */
@ConfigurationProperties(OutcomeProperties.PREFIX)
public record OutcomeProperties(Duration idle, Duration durableFor, Duration sweepEvery) {
    static final String PREFIX = "smart.outcomes";
    /** The bean's name, for {@code @Scheduled} expressions. */
    static final String BEAN = PREFIX + "-com.smartsupport.conversation.outcomes.OutcomeProperties";

    public OutcomeProperties {
        idle = idle == null ? Duration.ofMinutes(30) : idle;
        durableFor = durableFor == null ? Duration.ofDays(7) : durableFor;
        sweepEvery = sweepEvery == null ? Duration.ofMinutes(1) : sweepEvery;
    }
}
