package com.smartsupport.llm.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The labelled retrieval set ({@code knowledge/retrieval-eval.json}) run against an index of the demo articles:
 * recall@1, recall@3, MRR over the questions an article answers, and the share of unanswerable questions
 * declined (no passage relevant). Used by {@link RetrievalQualityTest} (keeps the targets) and by the benchmark
 * (prints the figures).
 */
public final class RetrievalEvaluation {
    public record Question(String q, String language, String kind, List<String> expected, String audience) {
        public boolean unanswerable() {
            return expected == null || expected.isEmpty();
        }

        public boolean forAgent() {
            return "agent".equals(audience);
        }
    }

    public record EvalSet(String description, List<Question> questions) {}

    /** One question's outcome: the articles ranked (one per article, best first) and the rank of the first right one. */
    public record Outcome(Question question, List<String> found, int rank) {}

    /**
     * Ranking quality (recall@1, recall@3, MRR of the hybrid search's ranked articles, over the questions an
     * article answers), the relevance gate on unanswerable questions ({@code declined}: nothing relevant) and on
     * answerable ones ({@code gatedRecallAt3}: the right article among the top 3 that pass the gate, i.e. what the
     * assistant actually uses; {@code falselyDeclined}: answerable questions the gate turned down).
     */
    public record Figures(
            int answerable,
            int unanswerable,
            double recallAt1,
            double recallAt3,
            double mrr,
            double declined,
            double gatedRecallAt3,
            double falselyDeclined,
            List<Outcome> misses,
            List<Outcome> gatedMisses,
            List<Outcome> wrongAnswers) {
        @Override
        public String toString() {
            return String.format(
                    "answerable %d: recall@1 %.3f, recall@3 %.3f, MRR %.3f; after the relevance gate: "
                            + "recall@3 %.3f, falsely declined %.3f; unanswerable %d: declined %.3f",
                    answerable, recallAt1, recallAt3, mrr, gatedRecallAt3, falselyDeclined, unanswerable, declined);
        }
    }

    private RetrievalEvaluation() {}

    public static EvalSet load() {
        try (InputStream in = RetrievalEvaluation.class.getResourceAsStream("/knowledge/retrieval-eval.json")) {
            return JsonMapper.builder()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build()
                    .readValue(in, EvalSet.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An index of the demo articles (ids = slugs, so hits read as slugs). */
    public static KnowledgeIndex demoIndex(Embedder embedder, KnowledgeIndex.Thresholds thresholds) {
        KnowledgeIndex index = new KnowledgeIndex(embedder, thresholds);
        for (ArticleInput in : DemoKnowledge.read()) {
            index.put(asArticle(in));
        }
        return index;
    }

    public static Article asArticle(ArticleInput in) {
        return new Article(
                in.slug(),
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

    /** Runs every question as a customer would ask it (agent questions as an agent), with the question's language. */
    public static Figures run(EvalSet set, Function<KnowledgeQuery, Retrieval> search) {
        int answerable = 0;
        int unanswerable = 0;
        int at1 = 0;
        int at3 = 0;
        int gatedAt3 = 0;
        int gatedNone = 0;
        int declined = 0;
        double reciprocal = 0;
        List<Outcome> misses = new ArrayList<>();
        List<Outcome> gatedMisses = new ArrayList<>();
        List<Outcome> wrong = new ArrayList<>();
        for (Question q : set.questions()) {
            KnowledgeQuery query = new KnowledgeQuery(q.q(), q.forAgent(), q.language(), Set.of(), 10);
            Retrieval r = search.apply(query);
            List<String> ranked = articles(r.hits());
            List<String> gated = articles(r.relevant());
            if (q.unanswerable()) {
                unanswerable++;
                if (gated.isEmpty()) {
                    declined++;
                } else {
                    wrong.add(new Outcome(q, gated, 0));
                }
                continue;
            }
            answerable++;
            int rank = rank(ranked, q.expected());
            at1 += rank == 1 ? 1 : 0;
            if (rank >= 1 && rank <= 3) {
                at3++;
            } else {
                misses.add(new Outcome(q, ranked, rank));
            }
            reciprocal += rank == 0 ? 0 : 1.0 / rank;
            int gatedRank = rank(gated, q.expected());
            if (gatedRank >= 1 && gatedRank <= 3) {
                gatedAt3++;
            } else {
                gatedMisses.add(new Outcome(q, gated, gatedRank));
            }
            gatedNone += gated.isEmpty() ? 1 : 0;
        }
        return new Figures(
                answerable,
                unanswerable,
                (double) at1 / answerable,
                (double) at3 / answerable,
                reciprocal / answerable,
                (double) declined / unanswerable,
                (double) gatedAt3 / answerable,
                (double) gatedNone / answerable,
                misses,
                gatedMisses,
                wrong);
    }

    private static List<String> articles(List<Retrieval.Hit> hits) {
        return new ArrayList<>(
                hits.stream().map(h -> h.passage().slug()).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    private static int rank(List<String> found, List<String> expected) {
        for (int i = 0; i < found.size(); i++) {
            if (expected.contains(found.get(i))) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Per kind: how many questions and how many were right (found in the top 3, or declined). */
    public static Map<String, int[]> byKind(EvalSet set, Figures figures) {
        Map<String, int[]> out = new TreeMap<>();
        Set<Question> failed = new HashSet<>();
        figures.misses().forEach(o -> failed.add(o.question()));
        figures.wrongAnswers().forEach(o -> failed.add(o.question()));
        for (Question q : set.questions()) {
            int[] c = out.computeIfAbsent(q.kind(), k -> new int[2]);
            c[0]++;
            if (!failed.contains(q)) {
                c[1]++;
            }
        }
        return out;
    }
}
