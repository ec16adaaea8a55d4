package com.smartsupport.gateway.widget;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.smartsupport.platform.backends.Backends;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * Which pages may frame the chat of a site: the site's allowed origins, read from profile-service
 * ({@code GET /api/sites/{siteId}/embed}, public) and remembered for a minute. An unknown site, or profile-service
 * unreachable, frames nowhere.
 */
@Component
public class SiteEmbeds {
    private static final Logger log = LoggerFactory.getLogger(SiteEmbeds.class);
    private static final Pattern SITE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** What may go into a header: a plain origin (scheme, host, optional port), nothing else. */
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");

    public static final String NOWHERE = "'none'";

    /** The site as the widget needs it (no secret). */
    public record Embed(String siteId, String name, List<String> allowedOrigins, boolean guestChats) {}

    private final WebClient profiles;
    private final AsyncCache<String, Optional<Embed>> known = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .buildAsync();

    SiteEmbeds(Backends backends) {
        this.profiles = backends.client("profile-service").build();
    }

    /** The {@code frame-ancestors} sources for the site's chat frame: its origins, or {@code 'none'}. */
    public Mono<String> frameAncestors(String siteId) {
        return find(siteId)
                .map(embed -> embed.map(e -> String.join(
                                " ",
                                e.allowedOrigins().stream()
                                        .filter(o -> ORIGIN.matcher(o).matches())
                                        .toList()))
                        .filter(s -> !s.isBlank())
                        .orElse(NOWHERE))
                .onErrorResume(e -> {
                    log.warn(
                            "allowed origins of site {} unavailable, its chat frames nowhere: {}",
                            siteId,
                            e.toString());
                    return Mono.just(NOWHERE);
                });
    }

    Mono<Optional<Embed>> find(String siteId) {
        if (siteId == null || !SITE_ID.matcher(siteId).matches()) {
            return Mono.just(Optional.empty());
        }
        // a failed look-up is not remembered: the next request asks again
        return Mono.fromFuture(known.get(siteId, (id, executor) -> fetch(id).toFuture()));
    }

    private Mono<Optional<Embed>> fetch(String siteId) {
        return profiles.get()
                .uri("/api/sites/{siteId}/embed", siteId)
                .retrieve()
                .bodyToMono(Embed.class)
                .map(Optional::of)
                .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.just(Optional.empty()))
                .defaultIfEmpty(Optional.empty())
                .timeout(Duration.ofSeconds(5));
    }
}
