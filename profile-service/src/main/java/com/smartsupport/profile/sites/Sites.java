package com.smartsupport.profile.sites;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The registered sites: register, list, change, rotate the secret. */
@Service
class Sites {
    private static final Logger log = LoggerFactory.getLogger(Sites.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SiteRepository sites;
    private final ReactiveMongoTemplate mongo;
    private final SiteProperties properties;
    private final SiteSecrets secrets;

    Sites(SiteRepository sites, ReactiveMongoTemplate mongo, SiteProperties properties, SiteSecrets secrets) {
        this.sites = sites;
        this.mongo = mongo;
        this.properties = properties;
        this.secrets = secrets;
    }

    /** A site with its new secret in clear: for the one answer that shows it. */
    record Issued(Site site, String secret) {}

    /** 256 random bits, URL-safe: the HS256 key is these 43 characters as UTF-8 (docs/identity-verification.md). */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    Mono<Issued> register(String name, List<String> origins, boolean guestChats, String jwksUrl) {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        String siteId = "site_" + HexFormat.of().formatHex(id);
        String secret = newSecret();
        Site site = new Site(
                siteId,
                name,
                origins.stream().distinct().toList(),
                guestChats,
                jwksUrl == null || jwksUrl.isBlank() ? null : jwksUrl,
                secrets.seal(siteId, secret),
                null,
                null,
                Instant.now());
        return sites.insert(site)
                .doOnNext(s -> log.info("site {} registered for {}", s.siteId(), s.allowedOrigins()))
                .map(s -> new Issued(s, secret));
    }

    Flux<Site> list() {
        return sites.findAll().sort(Comparator.comparing(Site::createdAt));
    }

    Mono<Site> find(String siteId) {
        return sites.findById(siteId)
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No such site")));
    }

    Mono<Site> change(String siteId, String name, List<String> origins, Boolean guestChats, String jwksUrl) {
        Update update = new Update();
        if (name != null) {
            update.set("name", name);
        }
        if (origins != null) {
            update.set("allowedOrigins", origins.stream().distinct().toList());
        }
        if (guestChats != null) {
            update.set("guestChats", guestChats);
        }
        if (jwksUrl != null) {
            update.set("jwksUrl", jwksUrl.isBlank() ? null : jwksUrl);
        }
        return update.getUpdateObject().isEmpty()
                ? find(siteId)
                : mongo.findAndModify(
                                Query.query(Criteria.where("_id").is(siteId)),
                                update,
                                FindAndModifyOptions.options().returnNew(true),
                                Site.class)
                        .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No such site")));
    }

    /** A new secret; the current one becomes the previous, accepted for the grace period. */
    Mono<Issued> rotate(String siteId) {
        String secret = newSecret();
        return find(siteId)
                .flatMap(site -> {
                    Instant until = Instant.now().plus(properties.secretGrace());
                    // conditional on the secret read: two rotations at once do not lose one's secret unannounced
                    Query current = Query.query(
                            Criteria.where("_id").is(siteId).and("secret").is(site.secret()));
                    Update update = Update.update("secret", secrets.seal(siteId, secret))
                            .set("previousSecret", site.secret())
                            .set("previousSecretUntil", until);
                    return mongo.findAndModify(
                                    current,
                                    update,
                                    FindAndModifyOptions.options().returnNew(true),
                                    Site.class)
                            .switchIfEmpty(Mono.error(new ResponseStatusException(
                                    HttpStatus.CONFLICT, "The secret was rotated at the same moment; try again")));
                })
                .doOnNext(s -> log.info(
                        "site {}: secret rotated, the previous one accepted until {}",
                        s.siteId(),
                        s.previousSecretUntil()))
                .map(s -> new Issued(s, secret));
    }
}
