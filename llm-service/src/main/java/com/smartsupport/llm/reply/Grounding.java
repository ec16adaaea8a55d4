package com.smartsupport.llm.reply;

import com.smartsupport.llm.knowledge.KnowledgeProperties;
import com.smartsupport.llm.knowledge.KnowledgeQuery;
import com.smartsupport.llm.knowledge.KnowledgeSearch;
import com.smartsupport.llm.knowledge.Passage;
import com.smartsupport.llm.knowledge.Retrieval;
import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.profile.CustomerProfile.Purchase;
import com.smartsupport.llm.prompt.MessageContext;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The knowledge passages an answer may use: for a customer, public articles only, in the customer's language (or
 * English), for the products the message names among the customer's purchases; for an agent's draft, internal
 * articles too. Only relevant passages are returned; none when no article covers the question.
 */
@Component
public class Grounding {
    private final KnowledgeSearch search;
    private final KnowledgeProperties properties;

    public Grounding(KnowledgeSearch search, KnowledgeProperties properties) {
        this.search = search;
        this.properties = properties;
    }

    /**
     * When the message names products the customer owns, the search is filtered to articles for those models (and
     * general ones), and the product names are taken out of the question: they already chose the articles, and left
     * in they outweigh what is asked ("how long do I have to return my SoundWave headphones" would find the
     * SoundWave warranty before the return policy).
     */
    public Mono<List<Passage>> forCustomer(CustomerProfile profile, String message) {
        List<Purchase> named = profile == null ? List.of() : MessageContext.named(profile.purchases(), message);
        Set<String> models =
                named.stream().map(Purchase::model).filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
        String language = GroundedFallback.replyLanguage(profile, message);
        String question = models.isEmpty() ? message : withoutProducts(message, named);
        return passages(KnowledgeQuery.forCustomer(
                question.isBlank() ? message : question, language, models, properties.promptPassages()));
    }

    /** The message with the names, models and order ids of these purchases taken out. */
    static String withoutProducts(String message, List<Purchase> purchases) {
        Set<String> words = new LinkedHashSet<>();
        for (Purchase p : purchases) {
            Stream.of(p.model(), p.orderId()).filter(Objects::nonNull).forEach(words::add);
            if (p.product() != null) {
                for (String w : p.product().split("[^\\p{L}\\p{N}-]+")) {
                    if (w.length() >= 3) {
                        words.add(w);
                    }
                }
            }
        }
        String alternatives = words.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        return Pattern.compile("(?iu)(?<![\\p{L}\\p{N}])(" + alternatives + ")(?![\\p{L}\\p{N}])")
                .matcher(message)
                .replaceAll("")
                .replaceAll("\\s+", " ")
                .strip();
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
