package com.smartsupport.profile.sites;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * What the widget and the gateway need to know of a site before anyone signs in (public, no secret): its name, the
 * origins that may frame its chat, whether guests may chat.
 */
@RestController
class SiteEmbedController {
    private final Sites sites;

    SiteEmbedController(Sites sites) {
        this.sites = sites;
    }

    record Embed(String siteId, String name, List<String> allowedOrigins, boolean guestChats) {}

    @GetMapping("/api/sites/{siteId}/embed")
    Mono<Embed> embed(@PathVariable String siteId) {
        return sites.find(siteId).map(s -> new Embed(s.siteId(), s.name(), s.allowedOrigins(), s.guestChats()));
    }
}
