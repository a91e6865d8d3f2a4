package io.kubemedic.core.logs;

import io.kubemedic.core.logs.LogAnalyzer.Entry;
import io.kubemedic.core.logs.LogAnalyzer.Options;
import io.kubemedic.core.logs.LogAnalyzer.Result;
import io.kubemedic.core.redact.Redactor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * One analysis in progress: splits the bytes it is fed into lines (carrying a partial line to the next chunk), keeps
 * the open failure group (a line plus its stack trace), and tallies. Ordinary lines cost one keyword scan and a
 * look at their first bytes; nothing is decoded or allocated for them.
 */
final class LogRun {

    static final int MAX_MESSAGE = 500;
    /** Longer lines are cut here (the rest of the line is skipped), so one runaway line cannot exhaust the heap. */
    static final int MAX_LINE = 1 << 20;

    private final LogPatterns patterns;
    private final KeywordScanner scanner;
    private final int levelGroup;
    private final boolean unfiltered;
    private final long[] bits;
    private final Options options;
    private final long[] counts;
    private final List<Entry> entries = new ArrayList<>();
    private long lines;
    private long failures;

    private byte[] carry = new byte[8192];
    private int carryLen;
    private boolean skipping;

    // the open group
    private boolean open;
    private boolean go;
    private int pendingBlank;
    private int size;
    private int pattern;
    private boolean headMatched;
    private String head;
    private String headLevel;
    private String detail;

    LogRun(LogPatterns patterns, KeywordScanner scanner, int levelGroup, boolean unfiltered, Options options) {
        this.patterns = patterns;
        this.scanner = scanner;
        this.levelGroup = levelGroup;
        this.unfiltered = unfiltered;
        this.bits = new long[levelGroup / 64 + 1];
        this.options = options;
        this.counts = new long[patterns.patterns().size()];
    }

    void feed(byte[] buf, int off, int len) {
        int end = off + len;
        int pos = off;
        if (carryLen > 0) {
            int nl = pos;
            while (nl < end && buf[nl] != '\n') {
                nl++;
            }
            append(buf, pos, nl);
            if (nl == end) {
                return;
            }
            finishCarry();
            pos = nl + 1;
        }
        while (pos < end) {
            long r = scanner.scan(buf, pos, end);
            int eol = (int) (r >>> 1);
            if (eol >= end) {
                append(buf, pos, end);
                return;
            }
            line(buf, pos, eol, (r & 1) != 0);
            pos = eol + 1;
        }
    }

    Result finish() {
        if (carryLen > 0) {
            finishCarry();
        }
        if (open) {
            close();
        }
        List<LogPattern> list = patterns.patterns();
        Map<String, Long> byPattern = new LinkedHashMap<>();
        Set<String> recommendations = new LinkedHashSet<>();
        IntStream.range(0, counts.length).boxed().filter(i -> counts[i] > 0)
                .sorted(Comparator.comparingLong((Integer i) -> -counts[i]).thenComparingInt(i -> i))
                .forEach(i -> {
                    byPattern.put(list.get(i).name(), counts[i]);
                    recommendations.add(list.get(i).recommendation());
                });
        return new Result(lines, failures, List.copyOf(entries), byPattern, List.copyOf(recommendations));
    }

    private void finishCarry() {
        long r = scanner.scan(carry, 0, carryLen);
        line(carry, 0, carryLen, (r & 1) != 0);
        carryLen = 0;
        skipping = false;
    }

    private void append(byte[] buf, int from, int to) {
        if (skipping || to == from) {
            return;
        }
        int n = Math.min(to - from, MAX_LINE - carryLen);
        if (n < to - from) {
            skipping = true;
        }
        if (carryLen + n > carry.length) {
            carry = Arrays.copyOf(carry, Math.min(MAX_LINE, Math.max(carryLen + n, carry.length * 2)));
        }
        System.arraycopy(buf, from, carry, carryLen, n);
        carryLen += n;
    }

    private void line(byte[] buf, int from, int to, boolean hit) {
        lines++;
        if (to > from && buf[to - 1] == '\r') {
            to--;
        }
        hit |= unfiltered;
        if (open) {
            int c = StackTraces.continuation(buf, from, to, go);
            if (c == StackTraces.BLANK) {
                pendingBlank++;
                return;
            }
            if (c != StackTraces.NO) {
                size += pendingBlank + 1;
                pendingBlank = 0;
                go |= c == StackTraces.GO;
                if (!headMatched && hit && pattern != 0) { // the most specific cause in the trace
                    String text = decode(buf, from, to);
                    int p = patterns.classify(text, mark(buf, from, to), pattern < 0 ? counts.length : pattern);
                    if (p >= 0) {
                        pattern = p;
                        detail = text.strip();
                    }
                }
                return;
            }
            close();
        }
        boolean klog = klogError(buf, from, to);
        if (!hit && !klog) {
            return;
        }
        String text = decode(buf, from, to);
        long[] seen = mark(buf, from, to);
        int p = patterns.classify(text, seen);
        String level = null;
        if (p < 0) {
            if (!klog && (seen[levelGroup >>> 6] & 1L << levelGroup) == 0) {
                return;
            }
            level = LineParser.levelOf(text);
            if (!LineParser.isError(level)) {
                return;
            }
        }
        open = true;
        go = false;
        pendingBlank = 0;
        size = 1;
        pattern = p;
        headMatched = p >= 0;
        head = text;
        headLevel = level;
        detail = null;
    }

    private long[] mark(byte[] buf, int from, int to) {
        Arrays.fill(bits, 0);
        scanner.mark(buf, from, to, bits);
        return bits;
    }

    /** klog/glog "E1202 10:00:00.000000 ..." or "F1202 ...": an error even when no keyword says so. */
    private static boolean klogError(byte[] buf, int from, int to) {
        if (to - from < 6 || buf[from] != 'E' && buf[from] != 'F') {
            return false;
        }
        for (int i = from + 1; i < from + 5; i++) {
            if (buf[i] < '0' || buf[i] > '9') {
                return false;
            }
        }
        return buf[from + 5] == ' ';
    }

    private void close() {
        open = false;
        failures++;
        LogPattern p = pattern < 0 ? null : patterns.patterns().get(pattern);
        if (p != null) {
            counts[pattern]++;
        }
        if (entries.size() < options.maxErrors()) {
            LineParser.Parsed parsed = LineParser.parse(head);
            String level = parsed.level() != null ? parsed.level() : headLevel != null ? headLevel : p != null ? p.severity() : LogPattern.ERROR;
            String message = parsed.message() == null || parsed.message().isBlank() ? detail
                    : detail == null ? parsed.message() : parsed.message() + " | " + detail;
            String timestamp = parsed.timestamp() == null ? null : Redactor.redact(parsed.timestamp(), options.knownSecrets());
            entries.add(new Entry(timestamp, level, cut(Redactor.redact(message == null ? "" : message, options.knownSecrets())),
                    p == null ? null : p.name(), size));
        }
        head = null;
        detail = null;
    }

    private static String cut(String s) {
        if (s.length() <= MAX_MESSAGE) {
            return s;
        }
        int end = MAX_MESSAGE - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    private static String decode(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }
}
