package com.smartsupport.llm.knowledge;

import java.util.Set;

/**
 * A search of the knowledge base.
 *
 * @param text         the question
 * @param withInternal true only for agents (and admins): customers and the assistant that answers them see public
 *                     articles only
 * @param language     the asker's language, or null; articles in it and in English are searched, else all
 * @param models       product models the asker names (or owns and names by product); articles for other products are
 *                     left out, articles for no particular product always stay
 * @param limit        at most this many passages
 */
public record KnowledgeQuery(String text, boolean withInternal, String language, Set<String> models, int limit) {
    public KnowledgeQuery {
        models = models == null ? Set.of() : Set.copyOf(models);
    }

    public static KnowledgeQuery forCustomer(String text, String language, Set<String> models, int limit) {
        return new KnowledgeQuery(text, false, language, models, limit);
    }

    public static KnowledgeQuery forAgent(String text, int limit) {
        return new KnowledgeQuery(text, true, null, Set.of(), limit);
    }
}
