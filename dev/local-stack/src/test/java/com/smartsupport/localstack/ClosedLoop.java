package com.smartsupport.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** A closed-loop load: callers that call again as soon as their call returns, timed. */
final class ClosedLoop {
    private ClosedLoop() {}

    record Load(Latencies latencies, int ok, int failed, double seconds) {
        double p(double p) {
            return latencies.p(p);
        }

        String summary() {
            return String.format(
                    "%.0f/s, p50 %.2f ms, p99 %.2f ms (%d ok, %d failed)", ok / seconds, p(50), p(99), ok, failed);
        }
    }

    interface Call {
        boolean call() throws Exception;
    }

    static Load run(int threads, Duration duration, Call call) throws Exception {
        Latencies l = new Latencies();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            work.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    boolean success;
                    try {
                        success = call.call();
                    } catch (Exception e) {
                        success = false;
                    }
                    if (success) {
                        l.add(System.nanoTime() - t0);
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        return new Load(l, ok.get(), failed.get(), (System.nanoTime() - start) / 1e9);
    }
}
