package com.smartsupport.platform.privacy;

import reactor.core.publisher.Mono;

/**
 * What a service deletes when a customer asks to be forgotten ({@code customer.erased}). Declare one as a bean and
 * {@link CustomerErasureListener} calls it for every erased customer; it must be idempotent (an event may come
 * twice).
 */
public interface CustomerErasure {

    /** What {@link #erase} counts, for the log: {@code "conversation(s)"}. */
    String erases();

    /** Deletes what the service holds about the customer; emits how many of {@link #erases()} went. */
    Mono<Long> erase(String customerId);
}
