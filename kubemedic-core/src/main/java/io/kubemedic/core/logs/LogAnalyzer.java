package io.kubemedic.core.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a container log into the few facts an operator (or an LLM agent through {@code analyze_logs}) needs: how many
 * lines, which failures (classified by {@link LogPatterns}, first match wins), how often each kind occurred, and
 * what to do about them. A stack trace counts once, with the line that started it: it takes that line's pattern, or
 * when that line matches none (a logger's "Request failed"), the most specific pattern (earliest in the file) among
 * its other lines, so a trace ending in "Caused by: ...ConnectException: Connection refused" is a connection error.
 * Messages leave only through
 * {@link io.kubemedic.core.redact.Redactor}, so secrets printed in a log are not passed on.
 *
 * <p>Built for whole logs of busy pods: each line is scanned once as raw bytes for the keywords of all patterns and
 * of the error levels; only the few lines that contain one are decoded, parsed and matched against the regexes.
 * Immutable and thread-safe; each {@code analyze} call keeps its own state.
 */
public final class LogAnalyzer {

    /** Words that may name an error level: a line with one is parsed for its level even when no pattern matches. */
    private static final List<String> LEVEL_WORDS = List.of("error", "fatal", "panic", "crit", "severe", "emerg",
            "\"err\"", "=err", "[err]", " err ", "\"level\":50", "\"level\":60", "\"level\": 50", "\"level\": 60");

    /**
     * @param maxErrors    how many error entries to return at most (all are counted)
     * @param knownSecrets values to mask wherever they appear (e.g. the pod's Secret values), besides the usual shapes
     */
    public record Options(int maxErrors, Collection<String> knownSecrets) {
        public static final int DEFAULT_MAX_ERRORS = 50;

        public Options {
            if (maxErrors < 0) {
                throw new IllegalArgumentException("maxErrors must be >= 0, got " + maxErrors);
            }
            knownSecrets = knownSecrets == null ? List.of() : knownSecrets.stream().filter(Objects::nonNull).toList();
        }

        public static Options defaults() {
            return new Options(DEFAULT_MAX_ERRORS, List.of());
        }
    }

    /**
     * One failure: a line, or a line with its stack trace ({@code lines} > 1).
     *
     * @param timestamp as written in the line, or null
     * @param level     trace, debug, info, warning, error, fatal or panic; the pattern's severity when the line names none
     * @param message   the first line's message (for a trace whose first line matched nothing, plus " | " and the line that
     *                  did), redacted and cut to 500 characters
     * @param pattern   the pattern's name, or null for an error-level line no pattern recognises
     */
    public record Entry(String timestamp, String level, String message, String pattern, int lines) {
    }

    /**
     * @param totalLines      lines read
     * @param errorCount      failures found (stack traces count once), of which the first {@code maxErrors} are in {@code errors}
     * @param errorPatterns   pattern name to count, most frequent first
     * @param recommendations the distinct recommendations of the patterns seen, most frequent pattern first
     */
    public record Result(long totalLines, long errorCount, List<Entry> errors, Map<String, Long> errorPatterns,
                         List<String> recommendations) {
    }

    private final LogPatterns patterns;
    private final KeywordScanner scanner;
    private final int levelGroup;        // the keyword group of LEVEL_WORDS; pattern branches use 0..levelGroup-1
    private final boolean unfilteredBranches;  // some branch has no keywords: every line must be tried

    public LogAnalyzer(LogPatterns patterns) {
        this.patterns = Objects.requireNonNull(patterns, "patterns");
        List<String> words = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        int id = 0;
        boolean unfiltered = false;
        for (LogPattern p : patterns.patterns()) {
            for (LogPattern.Branch b : p.branches()) {
                for (String k : b.keywords()) {
                    words.add(k);
                    groups.add(id);
                }
                unfiltered |= b.keywords().isEmpty();
                id++;
            }
        }
        this.levelGroup = id;
        this.unfilteredBranches = unfiltered;
        for (String w : LEVEL_WORDS) {
            words.add(w);
            groups.add(levelGroup);
        }
        this.scanner = new KeywordScanner(words, groups.stream().mapToInt(Integer::intValue).toArray());
    }

    /** An analyzer with the built-in patterns. */
    public static LogAnalyzer builtIn() {
        return new LogAnalyzer(LogPatterns.builtIn());
    }

    public LogPatterns patterns() {
        return patterns;
    }

    /** Analyzes a UTF-8 log read to its end (the stream is not closed). */
    public Result analyze(InputStream utf8, Options options) throws IOException {
        LogRun run = new LogRun(patterns, scanner, levelGroup, unfilteredBranches, options);
        byte[] buf = new byte[1 << 20];
        int n;
        while ((n = utf8.read(buf)) >= 0) {
            run.feed(buf, 0, n);
        }
        return run.finish();
    }

    /** Analyzes a whole log held as text. */
    public Result analyze(String text, Options options) {
        LogRun run = new LogRun(patterns, scanner, levelGroup, unfilteredBranches, options);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        run.feed(bytes, 0, bytes.length);
        return run.finish();
    }

    /** Analyzes a log given line by line (an element holding several lines is split). */
    public Result analyze(Iterable<String> lines, Options options) {
        LogRun run = new LogRun(patterns, scanner, levelGroup, unfilteredBranches, options);
        for (String line : lines) {
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            run.feed(bytes, 0, bytes.length);
        }
        return run.finish();
    }
}
