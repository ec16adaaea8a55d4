package com.smartsupport.llm.knowledge;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (quantised, 384 dimensions) run in process with ONNX Runtime; the model and its tokenizer ship
 * inside a Maven artifact, so nothing is downloaded at run time. About 1 ms of CPU per question and 17 ms per
 * passage of some 80 words (docs/benchmarks.md).
 */
public final class MiniLmEmbedder implements Embedder {
    private final EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    @Override
    public float[] embed(String text) {
        return Embedder.normalise(model.embed(text).content().vector());
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                .map(e -> Embedder.normalise(e.vector()))
                .toList();
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public String name() {
        return "all-minilm-l6-v2-q";
    }
}
