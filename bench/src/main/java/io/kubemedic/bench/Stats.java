package io.kubemedic.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/** Nearest-rank percentiles over trials, ignoring missing values (negative or NaN). */
final class Stats {

    private Stats() {
    }

    /** The {@code p}-th percentile of a nanosecond metric, in milliseconds; {@code p = 100} is the maximum. */
    static <T> double millis(List<T> trials, ToLongFunction<T> metric, int p) {
        double[] v = trials.stream().mapToLong(metric).filter(x -> x >= 0).mapToDouble(x -> x / 1e6).toArray();
        return pct(v, p);
    }

    static <T> double ratio(List<T> trials, ToDoubleFunction<T> metric, int p) {
        return pct(trials.stream().mapToDouble(metric).filter(x -> !Double.isNaN(x)).toArray(), p);
    }

    static double pct(double[] values, int p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    static <T> String row(String name, List<T> trials, ToLongFunction<T> metric) {
        return String.format(Locale.ROOT, "  %-50s %8.1f %8.1f %8.1f %8.1f %8.1f", name, millis(trials, metric, 50), millis(trials, metric, 90),
                millis(trials, metric, 99), millis(trials, metric, 100), mean(trials, metric));
    }

    static <T> double mean(List<T> trials, ToLongFunction<T> metric) {
        return trials.stream().mapToLong(metric).filter(x -> x >= 0).average().orElse(Double.NaN) / 1e6;
    }

    static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
