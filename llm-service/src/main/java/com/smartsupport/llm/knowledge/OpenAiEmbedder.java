package com.smartsupport.llm.knowledge;

import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.embedding.EmbeddingModel;

/**
 * Embeddings from the OpenAI embeddings API (or any OpenAI-compatible server) through Spring AI: better for
 * languages other than English than the in-process model, at the price of a network call per question and per
 * passage. Chosen with {@code SMART_KNOWLEDGE_EMBEDDINGS=openai} when an API key is set (ADR 0009).
 */
public final class OpenAiEmbedder implements Embedder {
    /** Passages per request when indexing. */
    static final int BATCH = 64;

    private final EmbeddingModel model;
    private final String name;
    private final int dimension;

    public OpenAiEmbedder(EmbeddingModel model) {
        this.model = model;
        this.name = "openai-embeddings";
        this.dimension = model.dimensions();
    }

    @Override
    public float[] embed(String text) {
        return Embedder.normalise(model.embed(text));
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += BATCH) {
            model.embed(texts.subList(i, Math.min(texts.size(), i + BATCH)))
                    .forEach(v -> out.add(Embedder.normalise(v)));
        }
        return out;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String name() {
        return name;
    }
}
