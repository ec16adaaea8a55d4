package com.smartsupport.llm.knowledge;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;
import reactor.core.publisher.Mono;

interface ArticleRepository extends ReactiveMongoRepository<Article, String> {
    Mono<Article> findBySlug(String slug);
}
