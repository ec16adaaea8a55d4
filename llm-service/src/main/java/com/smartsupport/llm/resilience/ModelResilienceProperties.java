package com.smartsupport.llm.resilience;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Resilience of the model call; see docs/resilience.md for the reasoning behind each default.
 *
 * @param firstTokenTimeout  no first chunk within this: the attempt fails (retryable)
 * @param idleTimeout        no next chunk within this after the first: the stream is cut (not retried)
 * @param firstChunkDeadline whatever the retries, the customer gets the fallback if no chunk came within this
 * @param maxAttempts        attempts per reply, first included (retries happen only before the first chunk)
 * @param backoff            base of the jittered exponential backoff between attempts
 * @param maxBackoff         cap of that backoff
 * @param maxRetryAfter      a Retry-After longer than this is not waited for: the customer gets the fallback now
 * @param breakerWindow      calls in the circuit breaker's sliding window
 * @param breakerMinCalls    calls before the failure rate is judged
 * @param breakerFailureRate percentage of failed calls that opens the circuit
 * @param breakerOpenFor     how long the circuit stays open before half-open probes
 * @param breakerProbes      calls let through while half-open
 * @param maxConcurrentCalls bulkhead: model calls in flight at once; more are answered by the fallback at once
 * @param fallbacksBeforeHandoff consecutive fallback answers (model failing) in one conversation that bring a human
 */
@ConfigurationProperties("smart.llm.resilience")
public record ModelResilienceProperties(
        Duration firstTokenTimeout,
        Duration idleTimeout,
        Duration firstChunkDeadline,
        Integer maxAttempts,
        Duration backoff,
        Duration maxBackoff,
        Duration maxRetryAfter,
        Integer breakerWindow,
        Integer breakerMinCalls,
        Float breakerFailureRate,
        Duration breakerOpenFor,
        Integer breakerProbes,
        Integer maxConcurrentCalls,
        Integer fallbacksBeforeHandoff) {
    public ModelResilienceProperties {
        firstTokenTimeout = firstTokenTimeout == null ? Duration.ofSeconds(10) : firstTokenTimeout;
        idleTimeout = idleTimeout == null ? Duration.ofSeconds(10) : idleTimeout;
        firstChunkDeadline = firstChunkDeadline == null ? Duration.ofSeconds(20) : firstChunkDeadline;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        backoff = backoff == null ? Duration.ofMillis(500) : backoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(8) : maxBackoff;
        maxRetryAfter = maxRetryAfter == null ? Duration.ofSeconds(20) : maxRetryAfter;
        breakerWindow = breakerWindow == null ? 50 : breakerWindow;
        breakerMinCalls = breakerMinCalls == null ? 20 : breakerMinCalls;
        breakerFailureRate = breakerFailureRate == null ? 50f : breakerFailureRate;
        breakerOpenFor = breakerOpenFor == null ? Duration.ofSeconds(30) : breakerOpenFor;
        breakerProbes = breakerProbes == null ? 3 : breakerProbes;
        maxConcurrentCalls = maxConcurrentCalls == null ? 256 : maxConcurrentCalls;
        fallbacksBeforeHandoff = fallbacksBeforeHandoff == null ? 2 : fallbacksBeforeHandoff;
    }
}
