package com.smartsupport.llm.knowledge;

import java.util.List;

/** Turns texts into unit-length vectors whose dot product is their semantic similarity. Blocking: call off the event loop. */
public interface Embedder {
    float[] embed(String text);

    default List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }

    int dimension();

    /** For logs and metrics, e.g. {@code all-minilm-l6-v2-q}. */
    String name();

    /** Scales a vector to unit length (in place), so that cosine similarity is a dot product. */
    static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        if (sum > 0) {
            float inv = (float) (1 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }
}
