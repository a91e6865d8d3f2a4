package io.kubemedic.core.logs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds many keywords at once, ASCII case-insensitively, in one pass over raw bytes: an Aho-Corasick automaton
 * compiled to a dense table (one lookup per byte, no allocation, no decoding). It is the prefilter that lets the log
 * analyzer and the redactor reject the ordinary line, which contains none of their keywords, at memory speed, and it
 * splits lines on the way, so a log is read once. Each keyword belongs to a group; {@link #mark} says which groups
 * occur in a line.
 * Immutable and thread-safe.
 */
public final class KeywordScanner {

    private final int[] classOf = new int[256];
    private final int classes;
    private final int[] delta;       // state * classes + class -> next state * classes
    private final int[][] outGroups; // by state id: groups of the keywords ending here (via failure links too)
    private final int firstSpecial;  // premultiplied: states >= this are accepting, or the newline state
    private final int newline;       // premultiplied newline state

    /** {@code keywords.get(i)} belongs to group {@code groups[i]} (0 or more); keywords match ignoring ASCII case. */
    public KeywordScanner(List<String> keywords, int[] groups) {
        List<byte[]> words = new ArrayList<>();
        for (String k : keywords) {
            byte[] w = k.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
            if (w.length == 0 || k.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("keywords must be non-empty single-line strings: '" + k + "'");
            }
            words.add(w);
        }
        int next = 2; // 0 = any other byte, 1 = newline
        classOf['\n'] = 1;
        for (byte[] w : words) {
            for (byte b : w) {
                int u = b & 0xff;
                if (classOf[u] == 0) {
                    classOf[u] = next;
                    if (u >= 'a' && u <= 'z') {
                        classOf[u - 32] = next;
                    }
                    next++;
                }
            }
        }
        classes = next;
        // the trie
        List<int[]> go = new ArrayList<>();
        List<Set<Integer>> out = new ArrayList<>();
        go.add(new int[classes]);
        out.add(new TreeSet<>());
        for (int i = 0; i < words.size(); i++) {
            int s = 0;
            for (byte b : words.get(i)) {
                int c = classOf[b & 0xff];
                if (go.get(s)[c] == 0) {
                    go.get(s)[c] = go.size();
                    go.add(new int[classes]);
                    out.add(new TreeSet<>());
                }
                s = go.get(s)[c];
            }
            out.get(s).add(groups[i]);
        }
        int n = go.size();
        int[] fail = new int[n];
        List<Set<Integer>> mask = new ArrayList<>(out);
        int[][] full = new int[n][];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        full[0] = go.get(0).clone();
        for (int c = 2; c < classes; c++) {
            if (full[0][c] != 0) {
                queue.add(full[0][c]);
            }
        }
        while (!queue.isEmpty()) { // breadth first: a state's failure target is complete before the state
            int s = queue.poll();
            if (!mask.get(fail[s]).isEmpty()) {
                Set<Integer> merged = new TreeSet<>(out.get(s));
                merged.addAll(mask.get(fail[s]));
                mask.set(s, merged);
            }
            full[s] = new int[classes];
            for (int c = 2; c < classes; c++) {
                int t = go.get(s)[c];
                if (t != 0) {
                    fail[t] = full[fail[s]][c];
                    full[s][c] = t;
                    queue.add(t);
                } else {
                    full[s][c] = full[fail[s]][c];
                }
            }
        }
        // renumber: plain states first, then accepting ones, then the newline state, so one comparison spots both
        int[] id = new int[n];
        int k = 0;
        for (int s = 0; s < n; s++) {
            if (mask.get(s).isEmpty()) {
                id[s] = k++;
            }
        }
        int accepting = k;
        for (int s = 0; s < n; s++) {
            if (!mask.get(s).isEmpty()) {
                id[s] = k++;
            }
        }
        delta = new int[(n + 1) * classes];
        outGroups = new int[n + 1][];
        outGroups[n] = new int[0];
        newline = n * classes;
        for (int s = 0; s < n; s++) {
            int row = id[s] * classes;
            outGroups[id[s]] = mask.get(s).stream().mapToInt(Integer::intValue).toArray();
            delta[row] = full[s][0] == 0 ? 0 : id[full[s][0]] * classes;
            delta[row + 1] = newline;
            for (int c = 2; c < classes; c++) {
                delta[row + c] = id[full[s][c]] * classes;
            }
        }
        for (int c = 0; c < classes; c++) {
            delta[newline + c] = c == 1 ? newline : delta[c]; // after a newline, as from the start
        }
        firstSpecial = accepting * classes;
    }

    /**
     * Scans from {@code from} to the end of the line (the next newline, or {@code to}). Returns the line's end index
     * shifted left by one, with bit 0 set when a keyword occurs in it.
     */
    public long scan(byte[] buf, int from, int to) {
        int s = 0;
        for (int i = from; i < to; i++) {
            s = delta[s + classOf[buf[i] & 0xff]];
            if (s >= firstSpecial) {
                if (s == newline) {
                    return (long) i << 1;
                }
                int j = i + 1;
                while (j < to && buf[j] != '\n') {
                    j++;
                }
                return (long) j << 1 | 1;
            }
        }
        return (long) to << 1;
    }

    /** Sets in {@code bits} the groups of all keywords occurring in {@code buf[from, to)}, which has no newline. */
    public void mark(byte[] buf, int from, int to, long[] bits) {
        int s = 0;
        for (int i = from; i < to; i++) {
            s = delta[s + classOf[buf[i] & 0xff]];
            if (s >= firstSpecial) {
                for (int g : outGroups[s / classes]) {
                    bits[g >>> 6] |= 1L << g;
                }
            }
        }
    }

    /** The groups (all below 64) of the keywords occurring in {@code text}; characters outside ASCII never match. */
    public long mask(CharSequence text) {
        long m = 0;
        int s = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            s = delta[s + (c < 128 ? classOf[c] : 0)];
            if (s >= firstSpecial) {
                for (int g : outGroups[s / classes]) {
                    m |= 1L << g;
                }
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return "KeywordScanner[" + outGroups.length + " states, " + classes + " byte classes, table " + delta.length / 256 + " KiB]";
    }
}
