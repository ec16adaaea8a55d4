package com.smartsupport.llm.knowledge;

import com.sun.management.OperatingSystemMXBean;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The knowledge base's retrieval, measured ({@code ./bench knowledge}; skipped unless {@code -Dbench.knowledge=true},
 * so never part of {@code ./test}; it asserts nothing, it prints figures as {@code [bench]} lines and a table at the
 * end, to be recorded in docs/benchmarks.md):
 * <ul>
 *   <li>quality: the labelled retrieval set ({@link RetrievalEvaluation}) on the demo articles, and again on the
 *       large indexes where the demo articles stand among thousands of similar synthetic ones;</li>
 *   <li>latency of a whole {@link KnowledgeIndex#search(KnowledgeQuery)} (embedding the question included) and of the
 *       search alone ({@link KnowledgeIndex#search(KnowledgeQuery, float[])}), p50/p99, at each size
 *       ({@code -Dbench.knowledge.sizes}, passages), one thread and two;</li>
 *   <li>indexing: end to end ({@code put(article)}: chunking, embedding, Lucene) and Lucene alone (pre-embedded);</li>
 *   <li>the heap an index holds (used heap after full GCs, before and after building it).</li>
 * </ul>
 * The large corpus: deterministic variants of the 60 demo articles ({@link Variants}: other product names and
 * model codes, other shop channels, changed numbers, sentences shuffled within each paragraph). The first
 * {@code -Dbench.knowledge.embedded} passages' worth of variants are embedded for real with all-MiniLM-L6-v2; the
 * other passages get a vector made from those real ones: a random mix of two real embeddings of variants of the
 * same demo passage, plus Gaussian noise, renormalised ({@link #synthesise}); the noise is calibrated so that the
 * synthetic passages are on average as near to their demo passage as the real variants are ({@link #calibrate}).
 */
@EnabledIfSystemProperty(named = "bench.knowledge", matches = "true")
class KnowledgeBench {
    static final long SEED = Long.getLong("bench.knowledge.seed", 42);
    /** Passages of variants embedded for real (the rest of a large index gets vectors derived from these). */
    static final int EMBEDDED = Integer.getInteger("bench.knowledge.embedded", 2000);

    static final List<Integer> SIZES = Arrays.stream(
                    System.getProperty("bench.knowledge.sizes", "1000,50000").split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .toList();
    /** Measured passes over the labelled questions per size, mode and thread count (after the warm-up passes). */
    static final int ROUNDS = Integer.getInteger("bench.knowledge.rounds", 3);

    static final int WARM_UP_ROUNDS = Integer.getInteger("bench.knowledge.warm-up-rounds", 3);
    /**
     * Per-dimension standard deviation of the noise added to a mixed vector; by default calibrated so that the
     * synthetic passages are, on average, as near to the demo passage they vary as the real variants are.
     */
    static final String NOISE = System.getProperty("bench.knowledge.noise", "calibrated");
    /**
     * After measuring each size, also merge the index into one segment (the main code never does) and measure the
     * searches again: how much of the latency is the number of segments.
     */
    static final boolean FORCE_MERGE = Boolean.getBoolean("bench.knowledge.force-merge");
    /** Passages a reply's prompt asks for ({@code smart.knowledge.prompt-passages}). */
    static final int LIMIT = 4;

    static final PrintStream live =
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    static final Map<String, String[]> table = new LinkedHashMap<>();

    @Test
    void knowledgeRetrieval() throws Exception {
        long benchStart = System.nanoTime();
        line("knowledge retrieval benchmark, "
                + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                        Instant.now().atOffset(ZoneOffset.UTC).withNano(0)) + " UTC");
        line(String.format(
                "machine: %d cores, %s, Java %s (%s), max heap %d MiB, GC %s",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(b -> b.getName())
                        .toList()));
        line(String.format(
                "settings: embedded %d passages, sizes %s, %d warm-up + %d measured passes over the "
                        + "questions, noise %s, seed %d; load average %.2f",
                EMBEDDED,
                SIZES,
                WARM_UP_ROUNDS,
                ROUNDS,
                NOISE,
                SEED,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));

        long t = System.nanoTime();
        MiniLmEmbedder model = new MiniLmEmbedder();
        Recording embedder = new Recording(model);
        embedder.embed("warm up");
        line(String.format("embedding model %s loaded in %.1f s", model.name(), seconds(t)));
        RetrievalEvaluation.EvalSet set = RetrievalEvaluation.load();

        // --- quality on the demo articles --------------------------------------------------------------------
        List<Article> demo = DemoKnowledge.read().stream()
                .map(RetrievalEvaluation::asArticle)
                .toList();
        t = System.nanoTime();
        KnowledgeIndex demoIndex = RetrievalEvaluation.demoIndex(embedder, KnowledgeIndex.Thresholds.DEFAULT);
        int demoPassages = demoIndex.passageCount();
        line(String.format(
                "demo index: %d articles, %d passages, built end to end in %.1f s",
                demo.size(), demoPassages, seconds(t)));
        RetrievalEvaluation.Figures quality = RetrievalEvaluation.run(set, demoIndex::search);
        line("quality on the demo articles (" + set.questions().size() + " labelled questions): " + quality);
        RetrievalEvaluation.byKind(set, quality)
                .forEach((kind, c) ->
                        line(String.format("  %-12s %d of %d right (top 3, or declined)", kind, c[1], c[0])));
        quality.misses()
                .forEach(m -> line("  ranked below 3: " + m.question().q() + " -> " + first(m.found(), 3)
                        + " (expected " + m.question().expected() + ")"));
        quality.wrongAnswers()
                .forEach(m -> line("  not declined: " + m.question().q() + " -> " + first(m.found(), 3)));
        line("  falsely declined (answerable, nothing passed the gate): "
                + quality.gatedMisses().stream()
                        .filter(m -> m.found().isEmpty())
                        .count() + " of " + quality.answerable());
        line("relevance gate on the demo articles: " + gate(demoIndex, set));
        row("recall@1 (demo articles)", "—", f3(quality.recallAt1()), null);
        row("recall@3", "≥ 0.95", f3(quality.recallAt3()), quality.recallAt3() >= 0.95);
        row("MRR", "≥ 0.85", f3(quality.mrr()), quality.mrr() >= 0.85);
        row("unanswerable questions declined", "≥ 90 %", pct(quality.declined()), quality.declined() >= 0.90);
        row("recall@3 after the relevance gate", "—", f3(quality.gatedRecallAt3()), null);
        row("answerable questions falsely declined", "—", pct(quality.falselyDeclined()), null);
        Map<String, List<float[]>> demoVectors = new HashMap<>();
        List<Doc> demoDocs = new ArrayList<>();
        for (Article a : demo) {
            Doc d = embedder.doc(a);
            demoDocs.add(d);
            demoVectors.put(a.slug(), d.vectors());
        }
        demoIndex.close();

        // --- the questions' embeddings --------------------------------------------------------------------------
        List<KnowledgeQuery> queries = set.questions().stream()
                .map(q -> new KnowledgeQuery(q.q(), q.forAgent(), q.language(), Set.of(), LIMIT))
                .toList();
        float[][] questionVectors = new float[queries.size()][];
        for (int i = 0; i < queries.size(); i++) {
            questionVectors[i] = model.embed(queries.get(i).text());
        }
        long[] embedTimes = new long[queries.size() * ROUNDS];
        for (int r = 0, k = 0; r < ROUNDS; r++) {
            for (KnowledgeQuery q : queries) {
                long s = System.nanoTime();
                model.embed(q.text());
                embedTimes[k++] = System.nanoTime() - s;
            }
        }
        line("embedding a question alone (one thread, " + embedTimes.length + " embeddings): " + stats(embedTimes));
        row("embedding a question, p50 / p99", "—", ms(pct(embedTimes, 50)) + " / " + ms(pct(embedTimes, 99)), null);

        // --- real variants, indexed end to end ----------------------------------------------------------------
        Variants variants = new Variants(demo, SEED);
        List<Doc> real = new ArrayList<>();
        int embedded = 0;
        int n = 0;
        KnowledgeIndex scratch = new KnowledgeIndex(embedder, KnowledgeIndex.Thresholds.DEFAULT);
        t = System.nanoTime();
        long cpu = cpuNanos();
        while (embedded < EMBEDDED) {
            Article a = variants.variant(n++);
            scratch.put(a);
            Doc d = embedder.doc(a);
            real.add(d);
            embedded += d.chunks().size();
        }
        double endToEnd = embedded / seconds(t);
        line(String.format(
                "indexing end to end (put(article): chunking, embedding, Lucene; embedAll in parallel): "
                        + "%d variant articles, %d passages in %.1f s: %.0f passages/s, %.1f ms of CPU per passage",
                real.size(), embedded, seconds(t), endToEnd, (cpuNanos() - cpu) / 1e6 / embedded));
        row("indexing end to end (chunk + embed + Lucene)", "—", String.format("%.0f passages/s", endToEnd), null);
        scratch.close();
        embedder.stopRecording();

        Map<String, List<List<float[]>>> pool = new HashMap<>();
        demoDocs.forEach(d ->
                pool.computeIfAbsent(d.article().slug(), k -> new ArrayList<>()).add(d.vectors()));
        real.forEach(d -> pool.computeIfAbsent(Variants.source(d.article().slug()), k -> new ArrayList<>())
                .add(d.vectors()));
        double[] realToDemo = new double[2];
        for (Doc d : real) {
            List<float[]> src = demoVectors.get(Variants.source(d.article().slug()));
            for (int i = 0; i < d.vectors().size(); i++) {
                realToDemo[0] += dot(d.vectors().get(i), src.get(Math.min(i, src.size() - 1)));
                realToDemo[1]++;
            }
        }
        double realCosine = realToDemo[0] / realToDemo[1];
        double noise =
                NOISE.equals("calibrated") ? calibrate(pool, demoVectors, realCosine) : Double.parseDouble(NOISE);
        line(String.format(
                "real variants: mean cosine of a passage to the demo passage it varies: %.3f; synthetic "
                        + "vectors: a mix of two real ones plus noise of %.4f per dimension",
                realCosine, noise));

        // --- each size ----------------------------------------------------------------------------------------------
        for (int size : SIZES) {
            long before = usedHeapAfterGc();
            KnowledgeIndex index = new KnowledgeIndex(model, KnowledgeIndex.Thresholds.DEFAULT);
            int passages = 0;
            int articles = 0;
            int embeddedIn = 0;
            long luceneNanos = 0;
            Random rnd = new Random(SEED ^ size);
            double[] synthToDemo = new double[2];
            t = System.nanoTime();
            List<Doc> fixed = new ArrayList<>(demoDocs);
            fixed.addAll(real);
            for (Doc d : fixed) {
                if (passages >= size) {
                    break;
                }
                long s = System.nanoTime();
                index.put(d.article(), d.chunks(), d.vectors());
                luceneNanos += System.nanoTime() - s;
                passages += d.chunks().size();
                embeddedIn += d.chunks().size();
                articles++;
            }
            int m = n;
            while (passages < size) {
                Article a = variants.variant(m++);
                List<Chunker.Chunk> chunks = Chunker.chunk(a.title(), a.body());
                String source = Variants.source(a.slug());
                List<float[]> vectors = new ArrayList<>();
                List<float[]> src = demoVectors.get(source);
                for (int i = 0; i < chunks.size(); i++) {
                    float[] v = synthesise(pool.get(source), i, rnd, noise);
                    vectors.add(v);
                    synthToDemo[0] += dot(v, src.get(Math.min(i, src.size() - 1)));
                    synthToDemo[1]++;
                }
                long s = System.nanoTime();
                index.put(a, chunks, vectors);
                luceneNanos += System.nanoTime() - s;
                if ((passages + chunks.size()) / 10_000 > passages / 10_000) {
                    line(String.format("  %,d passages indexed (%.0f s)", passages + chunks.size(), seconds(t)));
                }
                passages += chunks.size();
                articles++;
            }
            double build = seconds(t);
            double luceneRate = passages / (luceneNanos / 1e9);
            String label = String.format("%,d passages", passages);
            line(String.format(
                    "index of %s (%,d articles): %,d embedded for real (%d demo + variants), %,d "
                            + "synthetic%s; built in %.1f s, of which Lucene %.1f s: %.0f passages/s (pre-embedded, "
                            + "one put per article)",
                    passages,
                    articles,
                    embeddedIn,
                    demoPassages,
                    passages - embeddedIn,
                    synthToDemo[1] == 0
                            ? ""
                            : String.format(
                                    " (mean cosine to their demo " + "passage %.3f)", synthToDemo[0] / synthToDemo[1]),
                    build,
                    luceneNanos / 1e9,
                    luceneRate));
            row(
                    "indexing, Lucene only (pre-embedded), " + label,
                    "—",
                    String.format("%.0f passages/s", luceneRate),
                    null);

            // quality among the distractors: strictly (the demo article itself) and by topic (or a variant of it)
            RetrievalEvaluation.Figures strict = RetrievalEvaluation.run(set, index::search);
            RetrievalEvaluation.Figures topic = RetrievalEvaluation.run(set, q -> bySource(index.search(q)));
            line("quality at " + label + ", the demo article itself: " + strict);
            line("quality at " + label + ", the demo article or a variant of it (same topic): " + topic);
            line("relevance gate at " + label + ": " + gate(index, set));
            row(
                    "recall@3 / MRR at " + label + ": the demo article itself",
                    "—",
                    f3(strict.recallAt3()) + " / " + f3(strict.mrr()),
                    null);
            row(
                    "recall@3 / MRR / declined at " + label + ": same topic",
                    "—",
                    f3(topic.recallAt3()) + " / " + f3(topic.mrr()) + " / " + pct(topic.declined()),
                    null);
            row(
                    "falsely declined / gated recall@3 at " + label + " (same topic)",
                    "—",
                    pct(topic.falselyDeclined()) + " / " + f3(topic.gatedRecallAt3()),
                    null);

            // latency
            for (int w = 0; w < WARM_UP_ROUNDS; w++) {
                for (int i = 0; i < queries.size(); i++) {
                    index.search(queries.get(i));
                    index.search(queries.get(i), questionVectors[i]);
                }
            }
            for (int threads : List.of(1, 2)) {
                for (boolean embed : List.of(true, false)) {
                    long cpuStart = cpuNanos();
                    Latency l = latency(index, queries, questionVectors, threads, embed);
                    double cpuPerSearch = (cpuNanos() - cpuStart) / 1e6 / l.nanos().length;
                    String what =
                            (embed ? "search(query), embedding included" : "search(query, vector), " + "no embedding")
                                    + ", " + threads + (threads == 1 ? " thread" : " threads");
                    line(String.format(
                            "latency at %s, %s: %s; %.0f searches/s, %.2f ms of CPU per search (load "
                                    + "average %.1f)",
                            label,
                            what,
                            stats(l.nanos()),
                            l.perSecond(),
                            cpuPerSearch,
                            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
                    String target = embed && threads == 1 && size >= 50_000 ? "p99 ≤ 20 ms" : "—";
                    Boolean met = target.equals("—") ? null : pct(l.nanos(), 99) <= 20_000_000L;
                    if (threads == 1 || embed) {
                        row(
                                "latency p50 / p99 at " + label + ", " + (embed ? "with embedding" : "search alone")
                                        + ", " + threads + (threads == 1 ? " thread" : " threads"),
                                target,
                                ms(pct(l.nanos(), 50)) + " / " + ms(pct(l.nanos(), 99))
                                        + (threads > 1 ? String.format(" (%.0f/s)", l.perSecond()) : ""),
                                met);
                    }
                }
            }

            long after = usedHeapAfterGc();
            String directory = directoryInfo(index);
            line(String.format(
                    "heap at %s: %.1f MiB used after GC before building, %.1f MiB after (and after the "
                            + "searches): the index holds %.1f MiB, %.2f KiB per passage; %s",
                    label,
                    before / 1048576.0,
                    after / 1048576.0,
                    (after - before) / 1048576.0,
                    (after - before) / 1024.0 / passages,
                    directory));
            row(
                    "index heap at " + label,
                    "—",
                    String.format(
                            "%.0f MiB (%.2f KiB per passage)",
                            (after - before) / 1048576.0, (after - before) / 1024.0 / passages),
                    null);
            if (FORCE_MERGE) {
                forceMerge(index, label, queries, questionVectors);
            }
            index.close();
        }

        line(String.format(
                "done in %.0f s; load average %.2f",
                seconds(benchStart),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        line("===== results =====");
        table.forEach((k, v) -> line(String.format("%-72s target %-12s measured %s%s", k, v[0], v[1], v[2])));
    }

    /** Merges the index into one segment (through its private writer) and measures one thread's searches again. */
    static void forceMerge(KnowledgeIndex index, String label, List<KnowledgeQuery> queries, float[][] vectors)
            throws Exception {
        Field w = KnowledgeIndex.class.getDeclaredField("writer");
        w.setAccessible(true);
        Field s = KnowledgeIndex.class.getDeclaredField("searchers");
        s.setAccessible(true);
        long t = System.nanoTime();
        ((IndexWriter) w.get(index)).forceMerge(1);
        ((SearcherManager) s.get(index)).maybeRefreshBlocking();
        line(String.format(
                "forceMerge(1) at %s (not done by the main code): %.1f s; %s",
                label, seconds(t), directoryInfo(index)));
        for (int i = 0; i < queries.size(); i++) {
            index.search(queries.get(i), vectors[i]);
        }
        for (boolean embed : List.of(true, false)) {
            Latency l = latency(index, queries, vectors, 1, embed);
            line(String.format(
                    "latency at %s after forceMerge(1), %s, 1 thread: %s",
                    label, embed ? "embedding included" : "no embedding", stats(l.nanos())));
            row(
                    "latency p50 / p99 at " + label + " in one segment, " + (embed ? "with embedding" : "search alone"),
                    "—",
                    ms(pct(l.nanos(), 50)) + " / " + ms(pct(l.nanos(), 99)),
                    null);
        }
    }

    // --- latency ------------------------------------------------------------------------------------------------

    record Latency(long[] nanos, double perSecond) {}

    static Latency latency(
            KnowledgeIndex index, List<KnowledgeQuery> queries, float[][] vectors, int threads, boolean embed)
            throws Exception {
        int total = queries.size() * ROUNDS;
        long[] nanos = new long[total];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int th = 0; th < threads; th++) {
                int offset = th;
                done.add(pool.submit(() -> {
                    for (int k = offset; k < total; k += threads) {
                        int i = k % queries.size();
                        long s = System.nanoTime();
                        Retrieval r = embed ? index.search(queries.get(i)) : index.search(queries.get(i), vectors[i]);
                        nanos[k] = System.nanoTime() - s;
                        if (r == null) {
                            throw new IllegalStateException();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return new Latency(nanos, total / seconds(start));
        } finally {
            pool.shutdown();
        }
    }

    /**
     * What the relevance gate saw ({@link KnowledgeIndex.Thresholds}): per group of questions, the mean best cosine,
     * the mean margin of the best over the tenth best candidate, how often BM25 and the vectors put the same article
     * first, and the mean confidence (answerable when at least the threshold's minimum).
     */
    static String gate(KnowledgeIndex index, RetrievalEvaluation.EvalSet set) {
        StringBuilder out = new StringBuilder();
        for (boolean answerable : List.of(true, false)) {
            double top = 0;
            double margin = 0;
            double agree = 0;
            double confidence = 0;
            int count = 0;
            for (RetrievalEvaluation.Question q : set.questions()) {
                if (q.unanswerable() == answerable) {
                    continue;
                }
                Retrieval r = index.search(
                        new KnowledgeQuery(q.q(), q.forAgent(), q.language(), Set.of(), 2 * KnowledgeIndex.CANDIDATES));
                List<Double> cosines = r.hits().stream()
                        .map(Retrieval.Hit::cosine)
                        .sorted(Collections.reverseOrder())
                        .toList();
                if (!cosines.isEmpty()) {
                    top += cosines.get(0);
                    margin += cosines.get(0) - cosines.get(Math.min(9, cosines.size() - 1));
                }
                String lexical = r.hits().stream()
                        .filter(h -> h.lexicalRank() == 1)
                        .map(h -> h.passage().articleId())
                        .findFirst()
                        .orElse("-");
                String semantic = r.hits().stream()
                        .filter(h -> h.semanticRank() == 1)
                        .map(h -> h.passage().articleId())
                        .findFirst()
                        .orElse("+");
                agree += lexical.equals(semantic) ? 1 : 0;
                confidence += r.confidence();
                count++;
            }
            out.append(String.format(
                    "%s%s questions: best cosine %.3f, margin over the tenth %.3f, BM25 and vectors "
                            + "agree %.0f %%, confidence %.3f",
                    answerable ? "" : "; ",
                    answerable ? "answerable" : "unanswerable",
                    top / count,
                    margin / count,
                    100 * agree / count,
                    confidence / count));
        }
        return out + " (means; the gate needs confidence ≥ " + KnowledgeIndex.Thresholds.DEFAULT.minimum() + ")";
    }

    // --- the synthetic corpus -------------------------------------------------------------------------------------

    /** An article, its passages and their vectors, ready for {@code put(article, chunks, vectors)}. */
    record Doc(Article article, List<Chunker.Chunk> chunks, List<float[]> vectors) {}

    /**
     * A vector for passage {@code chunk} of a synthetic variant: a random mix of that passage's real embeddings in
     * two variants of the same demo article (or the demo article itself), plus Gaussian noise, renormalised.
     */
    static float[] synthesise(List<List<float[]>> realVariants, int chunk, Random rnd, double noise) {
        List<float[]> a = realVariants.get(rnd.nextInt(realVariants.size()));
        List<float[]> b = realVariants.get(rnd.nextInt(realVariants.size()));
        float[] x = a.get(Math.min(chunk, a.size() - 1));
        float[] y = b.get(Math.min(chunk, b.size() - 1));
        double mix = rnd.nextDouble();
        float[] v = new float[x.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (mix * x[i] + (1 - mix) * y[i] + noise * rnd.nextGaussian());
        }
        return Embedder.normalise(v);
    }

    /** The noise at which synthetic passages are as near to their demo passage (mean cosine) as real variants. */
    static double calibrate(
            Map<String, List<List<float[]>>> pool, Map<String, List<float[]>> demoVectors, double target) {
        List<String> sources = pool.keySet().stream().sorted().toList();
        double lo = 0;
        double hi = 0.2;
        for (int step = 0; step < 30; step++) {
            double mid = (lo + hi) / 2;
            Random rnd = new Random(SEED);
            double sum = 0;
            int count = 2000;
            for (int k = 0; k < count; k++) {
                String source = sources.get(rnd.nextInt(sources.size()));
                List<float[]> demo = demoVectors.get(source);
                int chunk = rnd.nextInt(demo.size());
                sum += dot(synthesise(pool.get(source), chunk, rnd, mid), demo.get(chunk));
            }
            if (sum / count > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /**
     * Deterministic variants of the demo articles, as a large shop's help centre has them: the same topics for
     * other products (other product names and model codes), other sales channels or countries, other numbers
     * (days, prices, hours), sentences in another order. Variant {@code n} varies demo article {@code n % 60}
     * with its own seeded Random; its slug is {@code <demo slug>--v<n>}, its visibility and language the demo
     * article's.
     */
    static final class Variants {
        static final List<String> FAMILIES = List.of(
                "SoundWave",
                "PixelView",
                "ErgoType",
                "FitBand",
                "GamePad",
                "HomeHub",
                "PowerCell",
                "SnapShot",
                "StreamStick",
                "UltraBook",
                "TechCare");
        static final List<String> PREFIXES = List.of(
                "Aero", "Nova", "Zen", "Flux", "Terra", "Lumi", "Orbi", "Vexa", "Quanta", "Sol", "Kite", "Echo",
                "Astra", "Bolt", "Coral", "Delta", "Ember", "Frost", "Glide", "Halo");
        static final List<String> SUFFIXES = List.of(
                "Tone", "Beam", "Key", "Fit", "Play", "Nest", "Volt", "Lens", "Cast", "Book", "Sonic", "Vue", "Pad",
                "Cell", "Shot", "Wave", "Link", "Core", "Note", "Dock");
        static final List<String> CHANNELS = List.of(
                "SMART Shop",
                "SMART Outlet",
                "SMART Business",
                "SMART Marketplace",
                "SMART Education",
                "SMART Refurbished",
                "SMART Shop Ireland",
                "SMART Shop Belgium",
                "SMART Shop Canada",
                "SMART Shop Austria",
                "SMART Pro",
                "SMART Kids");
        static final Pattern NUMBER = Pattern.compile("(?<![\\w.,-])\\d+(?![\\w-]|[.,]\\d)");
        static final Pattern SENTENCE = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\"¿¡])");
        static final double[] FACTORS = {0.5, 1.5, 2, 3};

        final List<Article> sources;
        final long seed;

        Variants(List<Article> sources, long seed) {
            this.sources = sources;
            this.seed = seed;
        }

        static String source(String slug) {
            int at = slug.indexOf("--v");
            return at < 0 ? slug : slug.substring(0, at);
        }

        Article variant(int n) {
            Article src = sources.get(n % sources.size());
            Random r = new Random(seed * 1_000_003L + n);
            Map<String, String> names = new LinkedHashMap<>();
            List<String> products = new ArrayList<>();
            for (String code : src.products()) {
                String brand = PREFIXES.get(r.nextInt(PREFIXES.size())) + SUFFIXES.get(r.nextInt(SUFFIXES.size()));
                String replacement =
                        brand.replaceAll("[^A-Z]", "") + "-" + (100 + r.nextInt(900)) + (char) ('A' + r.nextInt(26));
                names.put(code, replacement);
                products.add(replacement);
            }
            for (String family : FAMILIES) {
                if (src.title().contains(family) || src.body().contains(family)) {
                    names.put(
                            family,
                            PREFIXES.get(r.nextInt(PREFIXES.size())) + SUFFIXES.get(r.nextInt(SUFFIXES.size())));
                }
            }
            String channel = CHANNELS.get(r.nextInt(CHANNELS.size()));
            names.put("SMART Shop", channel);
            String title = replace(src.title(), names);
            if (title.equals(src.title())) {
                title = title + " (" + channel + ")";
            }
            StringBuilder body = new StringBuilder();
            for (String line : src.body().split("\n")) {
                String text = replace(line, names);
                if (!text.strip().startsWith("#") && !text.strip().startsWith("-")) {
                    text = numbers(text, r);
                    List<String> sentences = new ArrayList<>(List.of(SENTENCE.split(text.strip())));
                    Collections.shuffle(sentences, r);
                    text = String.join(" ", sentences);
                }
                body.append(text).append('\n');
            }
            List<String> tags = src.tags().stream()
                    .map(tag -> {
                        for (Map.Entry<String, String> e : names.entrySet()) {
                            if (tag.equalsIgnoreCase(e.getKey())) {
                                return e.getValue().toLowerCase(Locale.ROOT);
                            }
                        }
                        return tag;
                    })
                    .toList();
            String slug = src.slug() + "--v" + n;
            return new Article(
                    slug,
                    slug,
                    title,
                    body.toString(),
                    src.language(),
                    tags,
                    products,
                    src.visibility(),
                    1,
                    Instant.EPOCH);
        }

        static String replace(String text, Map<String, String> names) {
            String out = text;
            for (Map.Entry<String, String> e : names.entrySet()) {
                out = out.replace(e.getKey(), e.getValue());
            }
            return out;
        }

        static String numbers(String text, Random r) {
            Matcher m = NUMBER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = m.group();
                if (value.length() <= 6 && r.nextBoolean()) {
                    long v = Long.parseLong(value);
                    value = Long.toString(Math.max(1, Math.round(v * FACTORS[r.nextInt(FACTORS.length)])));
                }
                m.appendReplacement(out, value);
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    /** The same retrieval with each variant's slug read as its demo article's: right when the topic is right. */
    static Retrieval bySource(Retrieval r) {
        return new Retrieval(
                r.hits().stream()
                        .map(h -> {
                            Passage p = h.passage();
                            Passage q = new Passage(
                                    p.articleId(),
                                    Variants.source(p.slug()),
                                    p.title(),
                                    p.heading(),
                                    p.text(),
                                    p.language(),
                                    p.visibility(),
                                    p.products(),
                                    p.chunk());
                            return new Retrieval.Hit(
                                    q,
                                    h.score(),
                                    h.cosine(),
                                    h.coverage(),
                                    h.lexicalRank(),
                                    h.semanticRank(),
                                    h.relevant());
                        })
                        .toList(),
                r.answerable(),
                r.confidence());
    }

    /** Remembers the vector of every text it embeds, so that benchmarks can reuse the real embeddings. */
    static final class Recording implements Embedder {
        final Embedder delegate;
        final Map<String, float[]> seen = new HashMap<>();
        volatile boolean recording = true;

        Recording(Embedder delegate) {
            this.delegate = delegate;
        }

        @Override
        public float[] embed(String text) {
            float[] v = delegate.embed(text);
            if (recording) {
                synchronized (seen) {
                    seen.put(text, v);
                }
            }
            return v;
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            List<float[]> vs = delegate.embedAll(texts);
            if (recording) {
                synchronized (seen) {
                    for (int i = 0; i < texts.size(); i++) {
                        seen.put(texts.get(i), vs.get(i));
                    }
                }
            }
            return vs;
        }

        /** An article already indexed through this embedder, with its passages' recorded vectors. */
        Doc doc(Article a) {
            List<Chunker.Chunk> chunks = Chunker.chunk(a.title(), a.body());
            List<float[]> vectors = new ArrayList<>();
            synchronized (seen) {
                for (Chunker.Chunk c : chunks) {
                    float[] v = seen.get(KnowledgeIndex.embeddingText(a.title(), c.heading(), c.text()));
                    if (v == null) {
                        throw new IllegalStateException("not embedded: " + a.slug() + " #" + c.index());
                    }
                    vectors.add(v);
                }
            }
            return new Doc(a, chunks, vectors);
        }

        void stopRecording() {
            recording = false;
            synchronized (seen) {
                seen.clear();
            }
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }

        @Override
        public String name() {
            return delegate.name();
        }
    }

    // --- measuring and printing -----------------------------------------------------------------------------------

    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** The Lucene directory's size and the segment count, read from the index's private fields (not exposed). */
    static String directoryInfo(KnowledgeIndex index) {
        try {
            Field w = KnowledgeIndex.class.getDeclaredField("writer");
            w.setAccessible(true);
            Directory dir = ((IndexWriter) w.get(index)).getDirectory();
            Field s = KnowledgeIndex.class.getDeclaredField("searchers");
            s.setAccessible(true);
            SearcherManager searchers = (SearcherManager) s.get(index);
            IndexSearcher searcher = searchers.acquire();
            try {
                long bytes = 0;
                for (String file : dir.listAll()) {
                    bytes += dir.fileLength(file);
                }
                return String.format(
                        "Lucene directory (%s) %.1f MiB in %d files, %d segments searched",
                        dir.getClass().getSimpleName(),
                        bytes / 1048576.0,
                        dir.listAll().length,
                        searcher.getIndexReader().leaves().size());
            } finally {
                searchers.release(searcher);
            }
        } catch (Exception e) {
            return "Lucene directory size not readable (" + e + ")";
        }
    }

    static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long pct(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String stats(long[] nanos) {
        return String.format(
                "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, mean %.2f ms (%d calls)",
                pct(nanos, 50) / 1e6,
                pct(nanos, 90) / 1e6,
                pct(nanos, 99) / 1e6,
                pct(nanos, 100) / 1e6,
                Arrays.stream(nanos).average().orElse(0) / 1e6,
                nanos.length);
    }

    static String ms(long nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static String f3(double v) {
        return String.format("%.3f", v);
    }

    static String pct(double share) {
        return String.format("%.1f %%", share * 100);
    }

    static List<String> first(List<String> items, int n) {
        return items.subList(0, Math.min(n, items.size()));
    }

    static void row(String what, String target, String measured, Boolean met) {
        table.put(what, new String[] {target, measured, met == null ? "" : met ? "  (met)" : "  (NOT met)"});
    }

    /** A {@code [bench]} line, to the test's output (surefire's report file) and straight to the console. */
    static void line(String text) {
        System.out.println("[bench] " + text);
        live.println("[bench] " + text);
    }
}
