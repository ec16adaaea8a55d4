package com.smartsupport.llm.profile;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.Topics;
import java.util.Optional;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Profiles by customer id, cached for a short TTL ({@link ProfileCacheProperties}) and dropped as soon as
 * profile-service announces a change ({@code profile.changed} or {@code customer.erased}, read by every instance in
 * its own consumer group).
 * So a reply uses data at most one TTL old even if an event is lost, usually fresher. A failed read is not cached:
 * with profile-service down, a customer whose profile is cached is still answered from it; others are answered
 * without a profile (the prompt and the fallback say so).
 */
@Component
public class ProfileCache {
    private final ProfileClient client;
    private final EventCodec codec;
    private final AsyncCache<String, Optional<CustomerProfile>> cache;

    ProfileCache(ProfileClient client, EventCodec codec, ProfileCacheProperties properties) {
        this.client = client;
        this.codec = codec;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(properties.ttl())
                .maximumSize(properties.maxSize())
                .buildAsync();
    }

    /** The profile (empty if the customer is unknown); errors only if it is not cached and cannot be read. */
    public Mono<Optional<CustomerProfile>> get(String customerId) {
        return Mono.fromFuture(() -> cache.get(
                customerId,
                (id, executor) -> client.fetch(id)
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty())
                        .toFuture()));
    }

    public void invalidate(String customerId) {
        cache.synchronous().invalidate(customerId);
    }

    @KafkaListener(
            id = "profile-cache-invalidation",
            topics = Topics.PROFILE_CHANGED,
            groupId = "llm-profile-cache-${smart.instance-id}",
            properties = {"auto.offset.reset=latest", "enable.auto.commit=true"})
    void onProfileEvent(String record) {
        String customerId = codec.decode(record).customerId();
        if (customerId != null) {
            invalidate(customerId);
        }
    }
}
