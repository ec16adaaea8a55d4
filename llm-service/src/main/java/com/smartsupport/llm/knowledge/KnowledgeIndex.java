package com.smartsupport.llm.knowledge;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The knowledge base's search index, in process (Apache Lucene, in memory): every passage of every article,
 * searchable by BM25 over language-aware fields (stemming and stop words of the passage's language) and by vector
 * nearest neighbours (HNSW over the passage embeddings), fused by reciprocal rank. Filters: visibility (customers
 * see public articles only), language (the asker's, with English as the fallback) and product models.
 * <p>
 * Relevance: the fused rank only orders; whether a passage answers at all is decided by its cosine similarity to
 * the question and by how many of the question's terms it contains ({@link Thresholds}), so that a question no
 * article covers gets an honest "I don't know" instead of the least bad article.
 * <p>
 * Thread-safe: writes replace an article's passages atomically (one {@code updateDocuments} call), searches see
 * the last refreshed state.
 */
public final class KnowledgeIndex implements Closeable {
    /** How many candidates each retriever contributes to the fusion. */
    static final int CANDIDATES = 30;
    /** Reciprocal-rank fusion constant (Cormack et al. 2009). */
    static final int RRF_K = 60;

    private static final String ANY_PRODUCT = "*";

    /**
     * When a question counts as answered by the articles: its confidence, the best passage's cosine similarity
     * plus {@code marginWeight} times how far that passage stands out from the tenth best (a question no article
     * covers tends to be about as near to many passages as to the best), plus {@code agreementBonus} when BM25 and
     * the vectors rank the same article first, must reach {@code minimum}. Then the passages whose cosine is
     * within {@code keepWithin} of the best are relevant. Tuned on the labelled retrieval set
     * (docs/benchmarks.md).
     */
    public record Thresholds(double minimum, double marginWeight, double agreementBonus, double keepWithin) {
        public static final Thresholds DEFAULT = new Thresholds(0.66, 1.5, 0.2, 0.15);
        /** Everything found counts as relevant (for diagnostics and tuning). */
        public static final Thresholds NONE = new Thresholds(-10, 0, 0, 10);
    }

    private final Embedder embedder;
    private final Thresholds thresholds;
    private final Map<String, Analyzer> analyzers = new LinkedHashMap<>();
    private final Analyzer folding = new FoldingAnalyzer();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Article id → version indexed, and its passage count. */
    private final Map<String, long[]> articles = new ConcurrentHashMap<>();
    /** Product models named by any indexed article, upper-cased: a question that writes one is filtered by it. */
    private final Set<String> knownModels = ConcurrentHashMap.newKeySet();

    public KnowledgeIndex(Embedder embedder, Thresholds thresholds) {
        this.embedder = embedder;
        this.thresholds = thresholds;
        analyzers.put("en", new EnglishAnalyzer());
        analyzers.put("fr", new FrenchAnalyzer());
        analyzers.put("es", new SpanishAnalyzer());
        analyzers.put("de", new GermanAnalyzer());
        analyzers.put("it", new ItalianAnalyzer());
        analyzers.put("pt", new PortugueseAnalyzer());
        analyzers.put("nl", new DutchAnalyzer());
        Map<String, Analyzer> perField = new HashMap<>();
        analyzers.forEach((lang, analyzer) -> perField.put(field(lang), analyzer));
        perField.put("t_any", folding);
        try {
            writer = new IndexWriter(
                    new ByteBuffersDirectory(),
                    new IndexWriterConfig(new PerFieldAnalyzerWrapper(folding, perField)).setRAMBufferSizeMB(64));
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Embedder embedder() {
        return embedder;
    }

    /** Indexes an article (replacing what was indexed for it); embeds its passages, so call off the event loop. */
    public void put(Article article) {
        List<Chunker.Chunk> chunks = Chunker.chunk(article.title(), article.body());
        List<float[]> vectors = embedder.embedAll(chunks.stream()
                .map(c -> embeddingText(article.title(), c.heading(), c.text()))
                .toList());
        put(article, chunks, vectors);
    }

    /** Indexes an article whose passages are already embedded (benchmarks reuse vectors). */
    public void put(Article article, List<Chunker.Chunk> chunks, List<float[]> vectors) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            docs.add(document(article, chunks.get(i), vectors.get(i)));
        }
        try {
            writer.updateDocuments(new Term("id", article.id()), docs);
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        articles.put(article.id(), new long[] {article.version(), chunks.size()});
        article.products().forEach(m -> knownModels.add(m.toUpperCase(Locale.ROOT)));
    }

    public void remove(String articleId) {
        try {
            writer.deleteDocuments(new Term("id", articleId));
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        articles.remove(articleId);
    }

    /** The version indexed for an article, or -1. */
    public long version(String articleId) {
        long[] v = articles.get(articleId);
        return v == null ? -1 : v[0];
    }

    public Set<String> articleIds() {
        return Set.copyOf(articles.keySet());
    }

    public int passageCount() {
        return articles.values().stream().mapToInt(v -> (int) v[1]).sum();
    }

    public Retrieval search(KnowledgeQuery query) {
        String text = query.text() == null ? "" : query.text().strip();
        if (text.isEmpty() || articles.isEmpty()) {
            return Retrieval.NONE;
        }
        float[] vector = embedder.embed(text);
        return search(query, vector);
    }

    /** A search with the question's vector already computed. */
    public Retrieval search(KnowledgeQuery query, float[] vector) {
        String text = query.text() == null ? "" : query.text().strip();
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                Query filter = filter(query, modelsNamed(text, query.models()));
                ScoreDoc[] lexical = searcher.search(
                                new BooleanQuery.Builder()
                                        .add(lexicalQuery(text), Occur.MUST)
                                        .add(filter, Occur.FILTER)
                                        .build(),
                                CANDIDATES)
                        .scoreDocs;
                ScoreDoc[] semantic = searcher.search(
                                new KnnFloatVectorQuery("vec", vector, CANDIDATES, filter), CANDIDATES)
                        .scoreDocs;
                Map<Integer, Double> fused = new HashMap<>();
                Map<Integer, Integer> lexicalRanks = new HashMap<>();
                Map<Integer, Integer> semanticRanks = new HashMap<>();
                for (int i = 0; i < lexical.length; i++) {
                    fused.merge(lexical[i].doc, 1.0 / (RRF_K + i + 1), Double::sum);
                    lexicalRanks.put(lexical[i].doc, i + 1);
                }
                for (int i = 0; i < semantic.length; i++) {
                    fused.merge(semantic[i].doc, 1.0 / (RRF_K + i + 1), Double::sum);
                    semanticRanks.put(semantic[i].doc, i + 1);
                }
                List<Map.Entry<Integer, Double>> ranked = new ArrayList<>(fused.entrySet());
                ranked.sort(Map.Entry.<Integer, Double>comparingByValue().reversed());
                Map<Integer, Double> cosines = new HashMap<>();
                for (Map.Entry<Integer, Double> entry : ranked) {
                    cosines.put(entry.getKey(), cosine(searcher, entry.getKey(), vector));
                }
                double confidence = confidence(cosines, lexical, semantic, searcher);
                boolean answerable = !ranked.isEmpty() && confidence >= thresholds.minimum();
                double best = cosines.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .max()
                        .orElse(0);
                Map<String, Map<String, Double>> questionTerms = new HashMap<>();
                List<Retrieval.Hit> hits = new ArrayList<>();
                for (Map.Entry<Integer, Double> entry : ranked) {
                    if (hits.size() >= Math.max(1, query.limit())) {
                        break;
                    }
                    int doc = entry.getKey();
                    Passage passage = passage(searcher.storedFields().document(doc));
                    double cosine = cosines.get(doc);
                    Map<String, Double> terms = questionTerms.computeIfAbsent(
                            passage.language(), lang -> weighted(searcher, lang, terms(lang, text)));
                    double coverage = coverage(
                            terms,
                            terms(
                                    passage.language(),
                                    passage.title() + " " + passage.heading() + " " + passage.text()));
                    hits.add(new Retrieval.Hit(
                            passage,
                            entry.getValue(),
                            cosine,
                            coverage,
                            lexicalRanks.getOrDefault(doc, 0),
                            semanticRanks.getOrDefault(doc, 0),
                            answerable && cosine >= best - thresholds.keepWithin()));
                }
                return new Retrieval(List.copyOf(hits), answerable, confidence);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** See {@link Thresholds}. */
    private double confidence(
            Map<Integer, Double> cosines, ScoreDoc[] lexical, ScoreDoc[] semantic, IndexSearcher searcher)
            throws IOException {
        if (semantic.length == 0) {
            return 0;
        }
        List<Double> sorted =
                cosines.values().stream().sorted(Comparator.reverseOrder()).toList();
        double top = sorted.get(0);
        double tenth = sorted.get(Math.min(9, sorted.size() - 1));
        boolean agree = lexical.length > 0
                && searcher.storedFields()
                        .document(lexical[0].doc)
                        .get("id")
                        .equals(searcher.storedFields()
                                .document(semantic[0].doc)
                                .get("id"));
        return top + thresholds.marginWeight() * (top - tenth) + (agree ? thresholds.agreementBonus() : 0);
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
    }

    // --- documents and queries ------------------------------------------------------------------------------

    static String embeddingText(String title, String heading, String text) {
        return heading == null || heading.equals(title) ? title + ". " + text : title + " - " + heading + ". " + text;
    }

    private Document document(Article article, Chunker.Chunk chunk, float[] vector) {
        Document doc = new Document();
        doc.add(new StringField("id", article.id(), Field.Store.YES));
        doc.add(new StoredField("slug", article.slug()));
        doc.add(new StoredField("title", article.title()));
        doc.add(new StoredField("heading", chunk.heading() == null ? "" : chunk.heading()));
        doc.add(new StoredField("text", chunk.text()));
        doc.add(new StoredField("chunk", chunk.index()));
        doc.add(new StringField("lang", article.language(), Field.Store.YES));
        doc.add(new StringField("vis", article.visibility().wire(), Field.Store.YES));
        if (article.products().isEmpty()) {
            doc.add(new StringField("product", ANY_PRODUCT, Field.Store.NO));
        }
        for (String model : article.products()) {
            doc.add(new StringField("product", model.toUpperCase(Locale.ROOT), Field.Store.YES));
        }
        String searchable = article.title() + "\n" + (chunk.heading() == null ? "" : chunk.heading()) + "\n"
                + chunk.text() + "\n" + String.join(" ", article.tags()) + " " + String.join(" ", article.products());
        String lang = analyzers.containsKey(article.language()) ? article.language() : Languages.FALLBACK;
        doc.add(new TextField(field(lang), searchable, Field.Store.NO));
        doc.add(new TextField("t_any", searchable, Field.Store.NO));
        doc.add(new KnnFloatVectorField("vec", vector, VectorSimilarityFunction.DOT_PRODUCT));
        return doc;
    }

    private static Passage passage(Document doc) {
        List<String> products = Arrays.stream(doc.getValues("product")).toList();
        return new Passage(
                doc.get("id"),
                doc.get("slug"),
                doc.get("title"),
                doc.get("heading"),
                doc.get("text"),
                doc.get("lang"),
                Visibility.parse(doc.get("vis")),
                products,
                doc.getField("chunk").numericValue().intValue());
    }

    /** The models the asker was found to mean, and any known model the question writes out (e.g. "SW-ANC-700"). */
    private Set<String> modelsNamed(String text, Set<String> given) {
        Set<String> models = new HashSet<>(given);
        String upper = text.toUpperCase(Locale.ROOT);
        for (String model : knownModels) {
            if (upper.contains(model)) {
                models.add(model);
            }
        }
        return models;
    }

    private Query filter(KnowledgeQuery query, Set<String> named) {
        BooleanQuery.Builder filter = new BooleanQuery.Builder();
        filter.add(MatchAllDocsQuery.INSTANCE, Occur.MUST);
        if (!query.withInternal()) {
            filter.add(new TermQuery(new Term("vis", Visibility.PUBLIC.wire())), Occur.FILTER);
        }
        String lang = Languages.normalise(query.language());
        if (lang != null) {
            filter.add(
                    new TermInSetQuery("lang", List.of(new BytesRef(lang), new BytesRef(Languages.FALLBACK))),
                    Occur.FILTER);
        }
        if (!named.isEmpty()) {
            List<BytesRef> models = new ArrayList<>();
            models.add(new BytesRef(ANY_PRODUCT));
            named.forEach(m -> models.add(new BytesRef(m.toUpperCase(Locale.ROOT))));
            filter.add(new TermInSetQuery("product", models), Occur.FILTER);
        }
        return filter.build();
    }

    /**
     * The question against every language's field, each analysed by that language's analyzer, plus the
     * accent-folded field with edit-distance matching for longer words (typos).
     */
    private Query lexicalQuery(String text) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        analyzers.keySet().forEach(lang -> {
            for (String term : terms(lang, text)) {
                any.add(new TermQuery(new Term(field(lang), term)), Occur.SHOULD);
            }
        });
        for (String term : tokens(folding, "t_any", text)) {
            if (term.length() >= 5) {
                any.add(new BoostQuery(new FuzzyQuery(new Term("t_any", term), 1, 2, 20, true), 0.3f), Occur.SHOULD);
            }
        }
        return any.build();
    }

    private Set<String> terms(String lang, String text) {
        Analyzer analyzer = analyzers.getOrDefault(lang, analyzers.get(Languages.FALLBACK));
        return new HashSet<>(tokens(analyzer, field(lang), text));
    }

    /**
     * The question's terms weighted by their inverse document frequency in the passages of that language, so that
     * words found everywhere ("shop", "order") count for little and the words that say what is asked count most.
     */
    private Map<String, Double> weighted(IndexSearcher searcher, String lang, Set<String> terms) {
        Map<String, Double> out = new HashMap<>();
        try {
            String field = field(analyzers.containsKey(lang) ? lang : Languages.FALLBACK);
            int docs = Math.max(1, searcher.getIndexReader().getDocCount(field));
            for (String t : terms) {
                int df = searcher.getIndexReader().docFreq(new Term(field, t));
                out.put(t, Math.log(1 + (docs - df + 0.5) / (df + 0.5)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The share of the question's weight that the passage holds. */
    private static double coverage(Map<String, Double> question, Set<String> passage) {
        double total = 0;
        double found = 0;
        for (Map.Entry<String, Double> t : question.entrySet()) {
            total += t.getValue();
            if (passage.contains(t.getKey())) {
                found += t.getValue();
            }
        }
        return total == 0 ? 0 : found / total;
    }

    private static double cosine(IndexSearcher searcher, int doc, float[] vector) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues("vec");
        if (values == null) {
            return 0;
        }
        // Lucene 10: vector values are addressed by ordinal; the iterator maps the doc to its ordinal
        KnnVectorValues.DocIndexIterator docs = values.iterator();
        if (docs.advance(doc - leaf.docBase) != doc - leaf.docBase) {
            return 0;
        }
        return VectorSimilarityFunction.DOT_PRODUCT.compare(vector, values.vectorValue(docs.index())) * 2 - 1;
    }

    private static String field(String lang) {
        return "t_" + lang;
    }

    static List<String> tokens(Analyzer analyzer, String field, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                out.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Standard tokens, lower-cased and accent-folded: matches across languages and spellings. */
    private static final class FoldingAnalyzer extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer tokenizer = new StandardTokenizer();
            return new TokenStreamComponents(tokenizer, new ASCIIFoldingFilter(new LowerCaseFilter(tokenizer)));
        }
    }
}
