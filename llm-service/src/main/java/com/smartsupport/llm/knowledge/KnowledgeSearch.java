package com.smartsupport.llm.knowledge;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Searches the knowledge index off the event loop (embedding the question is CPU work), timed
 * ({@code smart_knowledge_search_seconds}) and counted by outcome ({@code smart_knowledge_retrievals_total{result}}:
 * {@code answered} when a passage is relevant, {@code none} when no article covers the question).
 */
@Service
public class KnowledgeSearch {
    private static final Logger log = LoggerFactory.getLogger(KnowledgeSearch.class);

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KnowledgeIndex index;
    private final MeterRegistry meters;
    private final Timer timer;

    public KnowledgeSearch(KnowledgeIndex index, MeterRegistry meters) {
        this.index = index;
        this.meters = meters;
        this.timer = Timer.builder("smart.knowledge.search")
                .description("Knowledge-base searches")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    public Mono<Retrieval> find(KnowledgeQuery query) {
        return Mono.fromCallable(() -> {
                    long start = System.nanoTime();
                    Retrieval r = index.search(query);
                    timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    meters.counter("smart.knowledge.retrievals", "result", r.answerable() ? "answered" : "none")
                            .increment();
                    return r;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Like {@link #find}, but a failure, or no result within {@link #TIMEOUT} (an embeddings API that hangs), is an
     * empty retrieval: the question is still answered, without articles.
     */
    public Mono<Retrieval> findOrNone(KnowledgeQuery query) {
        return find(query).timeout(TIMEOUT).onErrorResume(e -> {
            log.warn("knowledge search failed, answering without articles: {}", e.toString());
            return Mono.just(Retrieval.NONE);
        });
    }

    /** A result for the API: one passage of an article. */
    public record Result(
            @Schema(requiredMode = REQUIRED) String articleId,
            @Schema(requiredMode = REQUIRED) String slug,
            @Schema(requiredMode = REQUIRED) String title,
            @Schema(requiredMode = REQUIRED) String heading,
            @Schema(requiredMode = REQUIRED) String passage,
            @Schema(requiredMode = REQUIRED) String language,
            @Schema(requiredMode = REQUIRED) Visibility visibility,
            @Schema(requiredMode = REQUIRED) double score) {}

    /** The relevant passages, at most one per article, best first. */
    public static List<Result> results(Retrieval retrieval) {
        Set<String> seen = new HashSet<>();
        return retrieval.relevant().stream()
                .filter(h -> seen.add(h.passage().articleId()))
                .map(h -> new Result(
                        h.passage().articleId(),
                        h.passage().slug(),
                        h.passage().title(),
                        h.passage().heading(),
                        h.passage().text(),
                        h.passage().language(),
                        h.passage().visibility(),
                        Math.round(h.score() * 10_000) / 10_000.0))
                .toList();
    }
}
