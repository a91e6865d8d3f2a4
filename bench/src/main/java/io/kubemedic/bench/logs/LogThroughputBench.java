package io.kubemedic.bench.logs;

import io.kubemedic.bench.Machine;
import io.kubemedic.core.logs.LogAnalyzer;
import io.kubemedic.core.logs.LogPattern;
import io.kubemedic.core.logs.LogPatterns;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code analyze_logs} throughput: Kubemedic's log analyzer classifying every line of a synthetic log with the full
 * built-in pattern set, side by side in one run with {@code grep -E -i -c} over the same patterns (their ERE forms)
 * on the same file. Both read the file from the page cache (it is read once before timing). Each is run twice and
 * the best run counts. grep only counts matching lines; the analyzer also reads levels and timestamps, groups stack
 * traces and keeps the first errors, so the comparison favours grep.
 *
 * <p>Arguments: {@code [sizeMiB=1024] [file=/tmp/kubemedic-logbench-<size>m.log]}; the file is generated (seeded,
 * reproducible) when missing or of another size.
 */
public final class LogThroughputBench {

    private static final long SEED = 42;

    private LogThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        Path file = Path.of(args.length > 1 ? args[1] : "/tmp/kubemedic-logbench-" + mib + "m.log");
        long target = mib << 20;
        if (!Files.exists(file) || Files.size(file) < target || Files.size(file) > target + (1 << 20)) {
            System.out.printf(Locale.ROOT, "generating %s (%d MiB, seed %d) ...%n", file, mib, SEED);
            long t = System.nanoTime();
            SyntheticLog.write(file, target, SEED);
            System.out.printf(Locale.ROOT, "  written in %.1f s%n", (System.nanoTime() - t) / 1e9);
        }
        long bytes = Files.size(file);
        System.out.println("machine: " + Machine.describe() + "; load " + Machine.load());
        System.out.printf(Locale.ROOT, "file: %s, %,d bytes (%.1f MiB)%n", file, bytes, bytes / 1048576.0);
        long lines = warmCache(file);
        System.out.printf(Locale.ROOT, "lines: %,d (read once to put the file in the page cache; both sides read it cached)%n", lines);

        LogPatterns patterns = LogPatterns.builtIn();
        String ere = ere(patterns);
        equivalence(patterns, ere);

        LogAnalyzer analyzer = new LogAnalyzer(patterns);
        String envLocale = System.getenv().getOrDefault("LC_ALL", System.getenv().getOrDefault("LANG", "(unset)"));
        String[] locales = envLocale.equals("C") ? new String[]{"C"} : new String[]{envLocale, "C"};
        double best = Double.MAX_VALUE;
        double[] grepBest = {Double.MAX_VALUE, Double.MAX_VALUE};
        LogAnalyzer.Result result = null;
        for (int run = 1; run <= 2; run++) { // interleaved, so a change in the machine's load hits both sides alike
            long t = System.nanoTime();
            try (InputStream in = Files.newInputStream(file)) {
                result = analyzer.analyze(in, LogAnalyzer.Options.defaults());
            }
            double s = (System.nanoTime() - t) / 1e9;
            best = Math.min(best, s);
            System.out.printf(Locale.ROOT, "kubemedic run %d: %.3f s, %,.0f lines/s, %.1f MB/s (load %s)%n", run, s,
                    result.totalLines() / s, bytes / 1e6 / s, Machine.load());
            for (int l = 0; l < locales.length; l++) {
                t = System.nanoTime();
                String count = grep(locales[l], ere, file);
                s = (System.nanoTime() - t) / 1e9;
                grepBest[l] = Math.min(grepBest[l], s);
                System.out.printf(Locale.ROOT, "grep -E -i -c (LC_ALL=%s) run %d: %.3f s, %,.0f lines/s, %.1f MB/s, %s matching lines (load %s)%n",
                        locales[l], run, s, lines / s, bytes / 1e6 / s, count, Machine.load());
            }
        }
        System.out.printf(Locale.ROOT, "kubemedic: %,d lines, %,d errors (stack traces grouped), patterns %s%n",
                result.totalLines(), result.errorCount(), result.errorPatterns());
        System.out.println("summary (best of 2 each; ratio > 1 means Kubemedic is faster; goal >= 0.5):");
        for (int l = 0; l < locales.length; l++) {
            System.out.printf(Locale.ROOT, "  LC_ALL=%-8s grep %.3f s (%.1f MB/s, %,.0f lines/s) | kubemedic %.3f s (%.1f MB/s, %,.0f lines/s) | ratio kubemedic/grep %.2f%n",
                    locales[l], grepBest[l], bytes / 1e6 / grepBest[l], lines / grepBest[l], best, bytes / 1e6 / best, lines / best, grepBest[l] / best);
        }
    }

    /** The patterns' ERE forms as one alternation, for grep -E -i. */
    static String ere(LogPatterns patterns) {
        return String.join("|", patterns.patterns().stream().map(p -> "(" + p.grepPattern() + ")").toList());
    }

    private static long warmCache(Path file) throws IOException {
        long n = 0;
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while ((r = in.read(buf)) >= 0) {
                for (int i = 0; i < r; i++) {
                    if (buf[i] == '\n') {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private static String grep(String locale, String ere, Path file) throws IOException, InterruptedException {
        return run(locale, file, "grep", "-E", "-i", "-c", "-e", ere, file.toString()).trim();
    }

    private static String run(String locale, Path file, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("LC_ALL", locale);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " on " + file + " did not finish in 10 minutes");
        }
        return out;
    }

    /** Checks on the generator's distinct failure and near-miss lines that grep and the Java regexes agree line by line. */
    private static void equivalence(LogPatterns patterns, String ere) throws IOException, InterruptedException {
        List<String> samples = new ArrayList<>(SyntheticLog.samples());
        Path tmp = Files.createTempFile("kubemedic-logbench-samples", ".log");
        try {
            Files.write(tmp, samples, StandardCharsets.UTF_8);
            List<Integer> java = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (patterns.classify(samples.get(i)).isPresent()) {
                    java.add(i + 1);
                }
            }
            List<Integer> grep = run("C", tmp, "grep", "-E", "-i", "-n", "-e", ere, tmp.toString()).lines()
                    .map(l -> Integer.parseInt(l.substring(0, l.indexOf(':')))).toList();
            System.out.printf(Locale.ROOT, "ERE check on %d distinct sample lines: Java regexes match %d, grep -E -i matches %d, %s%n",
                    samples.size(), java.size(), grep.size(), java.equals(grep) ? "the same lines" : "DIFFERENT lines: java " + java + " grep " + grep);
        } finally {
            Files.deleteIfExists(tmp);
        }
        long withEre = patterns.patterns().stream().filter(p -> p.ere() != null).count();
        System.out.printf(Locale.ROOT, "patterns: %d (%d with an own ERE form, the rest use their regex as ERE): %s%n",
                patterns.patterns().size(), withEre, patterns.patterns().stream().map(LogPattern::name).toList());
    }
}
