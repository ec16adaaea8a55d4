package com.smartsupport.localstack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latencies collected from many threads, read as percentiles. */
final class Latencies {
    private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

    void add(long n) {
        nanos.add(n);
    }

    void addAll(Latencies other) {
        nanos.addAll(other.nanos);
    }

    int count() {
        return nanos.size();
    }

    /** The p-th percentile in milliseconds (NaN when empty). */
    double p(double p) {
        List<Long> sorted;
        synchronized (nanos) {
            sorted = new ArrayList<>(nanos);
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int i = (int) Math.min(sorted.size() - 1, Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1e6;
    }
}
