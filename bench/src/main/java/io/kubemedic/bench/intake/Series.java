package io.kubemedic.bench.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** One phase's trials: a row of nanosecond intervals per trial, named columns; nearest-rank percentiles in milliseconds. */
final class Series {

    final String name;
    private final List<String> columns;
    private final List<long[]> rows = new ArrayList<>();

    Series(String name, String... columns) {
        this.name = name;
        this.columns = List.of(columns);
    }

    void add(long... nanos) {
        if (nanos.length != columns.size()) {
            throw new IllegalArgumentException(name + ": " + nanos.length + " values for " + columns.size() + " columns");
        }
        rows.add(nanos);
    }

    int size() {
        return rows.size();
    }

    /** The {@code p}-th percentile of {@code column} in milliseconds (100: the maximum); missing values (negative) are skipped. */
    double millis(String column, double p) {
        int c = columns.indexOf(column);
        double[] v = rows.stream().mapToLong(r -> r[c]).filter(x -> x >= 0).mapToDouble(x -> x / 1e6).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    double mean(String column) {
        int c = columns.indexOf(column);
        return rows.stream().mapToLong(r -> r[c]).filter(x -> x >= 0).average().orElse(Double.NaN) / 1e6;
    }

    /** A table: one line per column with p50, p90, p99, max and mean. */
    String table() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%s (%d trials)%n  %-44s %8s %8s %8s %8s %8s%n", name, size(), "ms",
                "p50", "p90", "p99", "max", "mean"));
        for (String c : columns) {
            out.append(String.format(Locale.ROOT, "  %-44s %8.1f %8.1f %8.1f %8.1f %8.1f%n", c, millis(c, 50), millis(c, 90), millis(c, 99),
                    millis(c, 100), mean(c)));
        }
        return out.toString();
    }

    /** Every trial to {@code dir/<name>.csv}, in milliseconds. */
    void csv(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", columns.stream().map(c -> c.replaceAll("[^A-Za-z0-9]+", "_")).toList()));
        for (long[] r : rows) {
            lines.add(String.join(",", Arrays.stream(r).mapToObj(x -> x < 0 ? "" : String.format(Locale.ROOT, "%.3f", x / 1e6)).toList()));
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve(name.replaceAll("[^A-Za-z0-9]+", "-") + ".csv"), lines);
    }
}
