package com.smartsupport.llm.knowledge;

import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.KnowledgeChanged;
import com.smartsupport.platform.events.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps this instance's {@link KnowledgeIndex} equal to the articles in MongoDB: builds it at start (after loading
 * the demo articles when asked), applies every {@code knowledge.changed} event (read by each instance in its own
 * consumer group; the event only names the article, which is re-read, so order and duplicates do not matter), and
 * compares versions every {@code smart.knowledge.reconcile-interval} in case an event was missed. Runs before the
 * instance reports ready, so the first question already finds every article.
 */
@Component
@Order(0)
public class KnowledgeSync implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(KnowledgeSync.class);

    private final ArticleRepository articles;
    private final ReactiveMongoTemplate mongo;
    private final KnowledgeIndex index;
    private final KnowledgeProperties properties;
    private final EventCodec codec;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "knowledge-reconcile");
        t.setDaemon(true);
        return t;
    });

    KnowledgeSync(
            ArticleRepository articles,
            ReactiveMongoTemplate mongo,
            KnowledgeIndex index,
            KnowledgeProperties properties,
            EventCodec codec,
            MeterRegistry meters) {
        this.articles = articles;
        this.mongo = mongo;
        this.index = index;
        this.properties = properties;
        this.codec = codec;
        Gauge.builder("smart.knowledge.passages", index, KnowledgeIndex::passageCount)
                .description("Passages in this instance's knowledge index")
                .register(meters);
        Gauge.builder("smart.knowledge.articles", index, i -> i.articleIds().size())
                .description("Articles in this instance's knowledge index")
                .register(meters);
    }

    @Override
    public void run(ApplicationArguments args) {
        mongo.indexOps(Article.class)
                .createIndex(new Index().on("slug", Sort.Direction.ASC).unique().named("slug_unique"))
                .block(Duration.ofSeconds(30));
        if (properties.demoContent()) {
            DemoKnowledge.load(articles).block(Duration.ofMinutes(1));
        }
        long started = System.nanoTime();
        reconcile();
        log.info(
                "knowledge index built: {} articles, {} passages in {} ms ({})",
                index.articleIds().size(),
                index.passageCount(),
                (System.nanoTime() - started) / 1_000_000,
                index.embedder().name());
        long every = properties.reconcileInterval().toMillis();
        timer.scheduleWithFixedDelay(this::reconcileQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Re-reads one article and indexes it, or drops it when it is gone. */
    public void refresh(String articleId) {
        Article article = articles.findById(articleId).block(Duration.ofSeconds(10));
        if (article == null) {
            index.remove(articleId);
        } else if (index.version(articleId) != article.version()) {
            index.put(article);
        }
    }

    @KafkaListener(
            id = "knowledge-sync",
            topics = Topics.KNOWLEDGE_CHANGED,
            groupId = "llm-knowledge-${smart.instance-id}",
            properties = {"auto.offset.reset=latest", "enable.auto.commit=true"})
    void onKnowledgeChanged(String record) {
        var event = codec.decode(record, KnowledgeChanged.class);
        refresh(event.payload().articleId());
    }

    /** Brings the index to the database's state: what is new or changed is (re)indexed, what is gone is dropped. */
    void reconcile() {
        Query versions = new Query();
        versions.fields().include("_id").include("version");
        Map<String, Long> stored = mongo.find(versions, VersionOnly.class, "articles")
                .collect(Collectors.toMap(VersionOnly::id, VersionOnly::version))
                .block(Duration.ofSeconds(30));
        Set<String> gone = new HashSet<>(index.articleIds());
        stored.forEach((id, version) -> {
            gone.remove(id);
            if (index.version(id) != version) {
                refresh(id);
            }
        });
        gone.forEach(index::remove);
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("knowledge index not reconciled this time: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    record VersionOnly(@Id String id, long version) {}
}
