package com.smartsupport.llm.knowledge;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.KnowledgeChanged;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import io.swagger.v3.oas.annotations.media.Schema;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes and reads articles. Every change is stored first, then indexed on this instance (so the next question
 * here finds it at once) and announced with {@code knowledge.changed} (so every other instance re-reads it). If the
 * broker is away the change still stands: the others pick it up at their next reconciliation.
 */
@Service
public class KnowledgeBase {
    private static final Logger log = LoggerFactory.getLogger(KnowledgeBase.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ArticleRepository articles;
    private final ReactiveMongoTemplate mongo;
    private final KnowledgeIndex index;
    private final EventPublisher events;

    KnowledgeBase(
            ArticleRepository articles, ReactiveMongoTemplate mongo, KnowledgeIndex index, EventPublisher events) {
        this.articles = articles;
        this.mongo = mongo;
        this.index = index;
        this.events = events;
    }

    static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "kb_" + HexFormat.of().formatHex(bytes);
    }

    public record Page(
            @Schema(requiredMode = REQUIRED) List<Article> items,
            @Schema(requiredMode = REQUIRED) int page,
            @Schema(requiredMode = REQUIRED) int size,
            @Schema(requiredMode = REQUIRED) long total) {}

    public Mono<Article> get(String id) {
        return articles.findById(id);
    }

    public Mono<Page> list(int page, int size, String q, String language, Visibility visibility) {
        Query query = new Query();
        if (q != null && !q.isBlank()) {
            query.addCriteria(Criteria.where("title").regex(Pattern.quote(q.strip()), "i"));
        }
        if (language != null) {
            query.addCriteria(Criteria.where("language").is(language));
        }
        if (visibility != null) {
            query.addCriteria(Criteria.where("visibility").is(visibility));
        }
        Mono<Long> total = mongo.count(Query.of(query), Article.class);
        Mono<List<Article>> items = mongo.find(
                        Query.of(query)
                                .with(Sort.by("title", "_id"))
                                .skip((long) page * size)
                                .limit(size),
                        Article.class)
                .collectList();
        return Mono.zip(items, total).map(t -> new Page(t.getT1(), page, size, t.getT2()));
    }

    /** A new article; {@code 409} if its slug is taken. */
    public Mono<Article> create(ArticleInput input) {
        ArticleInput in = input.validated();
        return articles.insert(DemoKnowledge.fresh(in))
                .onErrorMap(DuplicateKeyException.class, e -> slugTaken(in.slug()))
                .flatMap(this::changed);
    }

    /** Replaces an article's content (version + 1); {@code 404} if unknown, {@code 409} if the new slug is taken. */
    public Mono<Article> replace(String id, ArticleInput input) {
        ArticleInput in = input.validated();
        return articles.findById(id).switchIfEmpty(Mono.error(() -> notFound())).flatMap(old -> save(old, in));
    }

    /** Removes an article; {@code 404} if unknown. */
    public Mono<Void> delete(String id) {
        return articles.findById(id)
                .switchIfEmpty(Mono.error(() -> notFound()))
                .flatMap(old -> articles.deleteById(id)
                        .then(Mono.fromRunnable(() -> index.remove(id)).subscribeOn(Schedulers.boundedElastic()))
                        .then(announce(id, KnowledgeChanged.DELETED, 0)));
    }

    public enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    public record Upserted(Article article, Outcome outcome) {}

    /** Creates the article with this slug, or updates it when its content differs (what an import does). */
    public Mono<Upserted> upsertBySlug(ArticleInput input) {
        ArticleInput in = input.validated();
        return articles.findBySlug(in.slug())
                .flatMap(old -> sameContent(old, in)
                        ? Mono.just(new Upserted(old, Outcome.UNCHANGED))
                        : save(old, in).map(a -> new Upserted(a, Outcome.UPDATED)))
                .switchIfEmpty(Mono.defer(() -> create(in).map(a -> new Upserted(a, Outcome.CREATED))));
    }

    private Mono<Article> save(Article old, ArticleInput in) {
        Article next = new Article(
                old.id(),
                in.slug(),
                in.title(),
                in.body(),
                in.language(),
                in.tags(),
                in.products(),
                in.visibilityValue(),
                old.version() + 1,
                Instant.now());
        // replaced only if nobody changed it since it was read: two admins saving at once do not lose an edit
        Query unchanged =
                Query.query(Criteria.where("_id").is(old.id()).and("version").is(old.version()));
        return mongo.findAndReplace(
                        unchanged, next, FindAndReplaceOptions.options().returnNew())
                .onErrorMap(DuplicateKeyException.class, e -> slugTaken(in.slug()))
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(
                        HttpStatus.CONFLICT, "The article was changed meanwhile; reload it and try again")))
                .flatMap(this::changed);
    }

    private Mono<Article> changed(Article article) {
        return Mono.fromRunnable(() -> index.put(article))
                .subscribeOn(Schedulers.boundedElastic())
                .then(announce(article.id(), KnowledgeChanged.UPSERTED, article.version()))
                .thenReturn(article);
    }

    private Mono<Void> announce(String articleId, String change, long version) {
        return events.publish(
                        Topics.KNOWLEDGE_CHANGED,
                        EventEnvelope.withId(
                                articleId + ":" + version + ":" + change,
                                null,
                                null,
                                new KnowledgeChanged(articleId, change, version)))
                .onErrorResume(e -> {
                    log.warn(
                            "knowledge.changed for {} not published ({}); other instances catch up at their next "
                                    + "reconciliation",
                            articleId,
                            e.toString());
                    return Mono.empty();
                });
    }

    private static boolean sameContent(Article a, ArticleInput in) {
        return Objects.equals(a.title(), in.title())
                && Objects.equals(a.body(), in.body())
                && Objects.equals(a.language(), in.language())
                && a.tags().equals(in.tags())
                && a.products().equals(in.products())
                && a.visibility() == in.visibilityValue();
    }

    private static ResponseStatusException slugTaken(String slug) {
        return new ResponseStatusException(
                HttpStatus.CONFLICT, "An article with the slug '" + slug + "' already exists");
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such article");
    }
}
