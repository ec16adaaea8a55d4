package com.smartsupport.llm.knowledge;

import java.util.List;

/**
 * What a search found: passages best first, each scored, and whether the articles answer the question at all
 * ({@code answerable}, from its {@code confidence}; see {@link KnowledgeIndex.Thresholds}); when not, the assistant
 * says plainly that the articles do not cover the question.
 */
public record Retrieval(List<Hit> hits, boolean answerable, double confidence) {
    public static final Retrieval NONE = new Retrieval(List.of(), false, 0);

    /**
     * @param passage  the passage
     * @param score    reciprocal-rank fusion of its BM25 and vector ranks (higher is better; only for ordering)
     * @param cosine   cosine similarity of the question and the passage
     * @param coverage share of the question's terms (stemmed, in the passage's language) that the passage contains
     * @param lexicalRank  its rank among the BM25 candidates (1 = best), 0 if not among them
     * @param semanticRank its rank among the vector candidates, 0 if not among them
     * @param relevant     whether the question is answerable and this passage is among the best
     */
    public record Hit(
            Passage passage,
            double score,
            double cosine,
            double coverage,
            int lexicalRank,
            int semanticRank,
            boolean relevant) {}

    /** The relevant hits only, best first. */
    public List<Hit> relevant() {
        return hits.stream().filter(Hit::relevant).toList();
    }
}
