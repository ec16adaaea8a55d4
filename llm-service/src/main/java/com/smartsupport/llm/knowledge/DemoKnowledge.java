package com.smartsupport.llm.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.dao.DuplicateKeyException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The demo shop's help articles ({@code classpath:knowledge/demo/*.md}), loaded when
 * {@code smart.knowledge.demo-content} is on (./run turns it on). Only slugs not yet stored are inserted, so an
 * admin's edits survive a restart.
 */
public final class DemoKnowledge {
    private static final Logger log = LoggerFactory.getLogger(DemoKnowledge.class);
    public static final String LOCATION = "classpath:knowledge/demo/*.md";

    private DemoKnowledge() {}

    /** The demo articles as parsed inputs, in file-name order. */
    public static List<ArticleInput> read() {
        try {
            Resource[] files = new PathMatchingResourcePatternResolver().getResources(LOCATION);
            List<ArticleInput> out = new ArrayList<>();
            Arrays.sort(files, Comparator.comparing(Resource::getFilename));
            for (Resource file : files) {
                out.add(MarkdownArticles.parse(file.getFilename(), file.getContentAsString(StandardCharsets.UTF_8)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new article from an input, version 1, with a fresh id. */
    public static Article fresh(ArticleInput in) {
        return new Article(
                KnowledgeBase.newId(),
                in.slug(),
                in.title(),
                in.body(),
                in.language(),
                in.tags(),
                in.products(),
                in.visibilityValue(),
                1,
                Instant.now());
    }

    static Mono<Long> load(ArticleRepository articles) {
        List<ArticleInput> inputs = read();
        return Flux.fromIterable(inputs)
                .concatMap(in -> articles.findBySlug(in.slug())
                        .hasElement()
                        .flatMap(exists -> exists
                                ? Mono.just(0L)
                                : articles.insert(fresh(in))
                                        .thenReturn(1L)
                                        // another instance starting at the same moment added it first (slug is unique)
                                        .onErrorResume(DuplicateKeyException.class, e -> Mono.just(0L))))
                .reduce(0L, Long::sum)
                .doOnNext(n -> log.info("demo knowledge: {} of {} articles added", n, inputs.size()));
    }
}
