package com.smartsupport.llm.reply;

import com.smartsupport.llm.knowledge.KnowledgeProperties;
import com.smartsupport.llm.knowledge.KnowledgeQuery;
import com.smartsupport.llm.knowledge.KnowledgeSearch;
import com.smartsupport.llm.knowledge.Passage;
import com.smartsupport.llm.knowledge.Retrieval;
import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.profile.CustomerProfile.Purchase;
import com.smartsupport.llm.prompt.MessageContext;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The knowledge passages an answer may use: for a customer, public articles only, in the customer's language (or
 * English), for the products the message names among the customer's purchases; for an agent's draft, internal
 * articles too. Only relevant passages are returned; none when no article covers the question.
 */
@Component
public class Grounding {
    private final KnowledgeSearch search;
    private final KnowledgeProperties properties;

    Grounding(KnowledgeSearch search, KnowledgeProperties properties) {
        this.search = search;
        this.properties = properties;
    }

    public Mono<List<Passage>> forCustomer(CustomerProfile profile, String message) {
        Set<String> models = profile == null ? Set.of() : MessageContext.named(profile.purchases(), message).stream()
                .map(Purchase::model).filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
        String language = GroundedFallback.replyLanguage(profile, message);
        return passages(KnowledgeQuery.forCustomer(message, language, models, properties.promptPassages()));
    }

    public Mono<List<Passage>> forAgent(String message) {
        return passages(KnowledgeQuery.forAgent(message, properties.promptPassages()));
    }

    private Mono<List<Passage>> passages(KnowledgeQuery query) {
        if (query.text() == null || query.text().isBlank()) {
            return Mono.just(List.of());
        }
        return search.findOrNone(query)
                .map(r -> r.relevant().stream().map(Retrieval.Hit::passage).toList());
    }
}
