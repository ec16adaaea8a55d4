package com.smartsupport.platform.events;

/**
 * A knowledge-base article was created, changed or deleted (topic {@link Topics#KNOWLEDGE_CHANGED}). Every
 * llm-service instance reads them all and re-reads the article from the database, so the event carries no content
 * and its order does not matter: applying one twice, or late, leaves the index as the database is.
 *
 * @param articleId the article
 * @param change    {@code upserted} or {@code deleted}
 * @param version   the article's version after the change (0 once deleted)
 */
public record KnowledgeChanged(String articleId, String change, long version) implements EventPayload {
    public static final String TYPE = "knowledge.changed";
    public static final String UPSERTED = "upserted";
    public static final String DELETED = "deleted";

    @Override
    public String eventType() {
        return TYPE;
    }
}
