package com.smartsupport.llm.reply;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How customer messages are answered: how many at once, how long a reply may take, how its text is streamed.
 *
 * @param deltaInterval after a reply's first piece, what the model streams within this interval goes out as one
 *                      {@code assistant.delta} (zero: every piece as it comes; CHANGELOG.md)
 * @param maxInFlight   customer messages answered at once per instance, each conversation's in order; keep it
 *                      below {@code smart.llm.resilience.max-concurrent-calls}, or the bulkhead turns the excess
 *                      into fallback answers
 * @param replyTimeout  the longest one attempt at answering a message may take
 * @param drainTimeout  how long a rebalance or a stop waits for the replies in flight before leaving them to
 *                      another instance
 */
@ConfigurationProperties("smart.llm")
public record ReplyProperties(
        Duration deltaInterval, Integer maxInFlight, Duration replyTimeout, Duration drainTimeout) {
    public ReplyProperties {
        deltaInterval = deltaInterval == null ? Duration.ofMillis(50) : deltaInterval;
        maxInFlight = maxInFlight == null ? 192 : maxInFlight;
        replyTimeout = replyTimeout == null ? Duration.ofSeconds(120) : replyTimeout;
        drainTimeout = drainTimeout == null ? Duration.ofSeconds(20) : drainTimeout;
    }
}
