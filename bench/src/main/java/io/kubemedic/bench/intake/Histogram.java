package io.kubemedic.bench.intake;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram for millions of samples (the load client's requests, the store's alert writes), where
 * keeping every sample would cost more than the thing measured: 1 µs buckets up to 100 ms, 100 µs buckets up to
 * 10 s, everything longer in the last bucket. Percentiles are nearest rank over the buckets.
 */
final class Histogram {

    private static final int FINE = 100_000;
    private static final int COARSE = 99_900;
    private final AtomicLongArray counts = new AtomicLongArray(FINE + COARSE + 1);

    void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        int i = micros < FINE ? (int) micros : (int) Math.min(FINE + (micros - FINE) / 100, FINE + COARSE);
        counts.incrementAndGet(i);
    }

    long count() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The {@code p}-th percentile in microseconds (the bucket's upper edge); 100 is the maximum; NaN when empty. */
    double percentileMicros(double p) {
        long n = count();
        if (n == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * n));
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return i < FINE ? i + 1 : FINE + (i - FINE + 1) * 100.0;
            }
        }
        return Double.NaN;
    }

    double meanMicros() {
        long n = 0;
        double sum = 0;
        for (int i = 0; i < counts.length(); i++) {
            long c = counts.get(i);
            n += c;
            sum += c * (i < FINE ? i + 0.5 : FINE + (i - FINE + 0.5) * 100.0);
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    void reset() {
        for (int i = 0; i < counts.length(); i++) {
            counts.set(i, 0);
        }
    }
}
