package io.kubemedic.core.logs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The small regex reader behind {@link Literals}: walks Java regex syntax (groups, classes, escapes, quantifiers,
 * inline flags) and computes, per branch, a set of strings every match contains, exact when the branch matches
 * only those strings, so that literals multiply through groups ("(cannot|could not) load" gives four words).
 */
final class LiteralParser {

    private static final int CAP = 64;
    private static final Req SKIP = new Req(Set.of(), true);

    /** A set of strings one of which every match contains; exact when the expression matches only those strings. */
    record Req(Set<String> set, boolean exact) {
    }

    private final String re;
    private int pos;
    final List<int[]> top = new ArrayList<>();
    final List<Req> topReqs = new ArrayList<>();
    boolean unsplittable;

    LiteralParser(String re) {
        this.re = re;
    }

    /** Parses the whole regex; afterwards {@link #top} holds the top-level branches' bounds and {@link #done} tells. */
    Req parse() {
        return alternation(true);
    }

    boolean done() {
        return pos >= re.length();
    }

    private Req alternation(boolean isTop) {
        Set<String> union = new LinkedHashSet<>();
        boolean ok = true;
        boolean exact = true;
        while (true) {
            int start = pos;
            Req b = branch();
            if (isTop) {
                top.add(new int[]{start, pos});
                topReqs.add(b);
            }
            if (b == null) {
                ok = false;
            } else {
                union.addAll(b.set());
                exact &= b.exact();
            }
            if (pos < re.length() && re.charAt(pos) == '|') {
                pos++;
            } else {
                return ok ? new Req(union, exact) : null;
            }
        }
    }

    private Req branch() {
        List<Set<String>> options = new ArrayList<>();
        Set<String> chain = Set.of("");
        boolean exact = true;
        while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
            Req a = atom();
            int[] q = quantifier(); // {min, max} with max -1 for unbounded; null when none
            if (a == SKIP) {
                continue;
            }
            if (a == null || !a.exact() || q != null && (q[0] == 0 && q[1] != 1 || q[0] > 4)) {
                // breaks the chain; a required inexact group still offers its own set
                add(options, chain);
                chain = Set.of("");
                exact = false;
                if (a != null && (q == null || q[0] > 0)) {
                    options.add(a.set());
                }
                continue;
            }
            int times = q == null ? 1 : Math.max(q[0], 1);
            Set<String> part = new LinkedHashSet<>(a.set());
            if (q != null && q[0] == 0) {
                part.add(""); // x? : optional
            }
            for (int t = 0; t < times; t++) {
                Set<String> product = Literals.product(chain, part, CAP);
                if (product == null) {
                    add(options, chain);
                    chain = part;
                    exact = false;
                } else {
                    chain = product;
                }
            }
            if (q != null && q[1] != q[0] && q[0] > 0) { // x+, x{2,}: what follows need not be adjacent
                add(options, chain);
                chain = Set.of("");
                exact = false;
            }
        }
        if (exact) {
            return new Req(chain, true);
        }
        add(options, chain);
        Set<String> best = Literals.best(options);
        return best == null ? null : new Req(best, false);
    }

    private static void add(List<Set<String>> options, Set<String> chain) {
        if (!chain.contains("")) {
            options.add(chain);
        }
    }

    /** One atom: a literal (exact), a small class (exact), a group, SKIP for a flags group, null for anything else. */
    private Req atom() {
        char c = re.charAt(pos);
        switch (c) {
            case '(' -> {
                return group();
            }
            case '[' -> {
                return charClass();
            }
            case '\\' -> {
                int l = escape();
                return l < 0 ? null : new Req(Set.of(String.valueOf((char) l)), true);
            }
            case '.', '^', '$' -> {
                pos++;
                return null;
            }
            case '*', '+', '?', '{' -> throw new IllegalArgumentException("dangling quantifier at " + pos);
            default -> {
                pos++;
                return new Req(Set.of(String.valueOf(c)), true);
            }
        }
    }

    private Req group() {
        pos++; // (
        boolean counts = true;
        if (re.startsWith("?", pos)) {
            if (re.startsWith("?:", pos) || re.startsWith("?>", pos)) {
                pos += 2;
            } else if (re.startsWith("?=", pos) || re.startsWith("?!", pos) || re.startsWith("?<=", pos) || re.startsWith("?<!", pos)) {
                pos += re.charAt(pos + 1) == '<' ? 3 : 2;
                counts = false;
            } else if (re.startsWith("?<", pos)) {
                pos = re.indexOf('>', pos) + 1;
            } else { // (?flags) or (?flags:...)
                int end = pos + 1;
                while (Character.isLetter(re.charAt(end)) || re.charAt(end) == '-') {
                    end++;
                }
                pos = end + 1;
                if (re.charAt(end) == ')') {
                    unsplittable = true; // flags that apply to the rest: splitting would lose them
                    return SKIP;
                }
            }
        }
        Req inner = alternation(false);
        if (pos >= re.length() || re.charAt(pos) != ')') {
            throw new IllegalArgumentException("unclosed group");
        }
        pos++;
        return counts ? inner : null;
    }

    /** A class of a few plain characters ("[- ]") is an exact set; ranges, negations and escapes are not. */
    private Req charClass() {
        int start = ++pos;
        boolean plain = re.charAt(pos) != '^';
        if (re.charAt(pos) == '^' || re.charAt(pos) == ']') {
            pos++;
        }
        int depth = 0;
        while (true) {
            char c = re.charAt(pos++);
            if (c == '\\') {
                pos++;
                plain = false;
            } else if (c == '[') {
                depth++;
                plain = false;
            } else if (c == ']' && depth-- == 0) {
                break;
            }
        }
        String body = re.substring(start, pos - 1);
        if (!plain || body.isEmpty() || body.length() > 6 || body.indexOf('-', 1) > 0 && body.indexOf('-', 1) < body.length() - 1 || body.contains("&&")) {
            return null;
        }
        Set<String> chars = new LinkedHashSet<>();
        body.chars().forEach(ch -> chars.add(String.valueOf((char) ch)));
        return new Req(chars, true);
    }

    /** An escaped punctuation character is a literal (returned); anything else (\d, \b, \p{..}, \1 ...) is not (-1). */
    private int escape() {
        char c = re.charAt(pos + 1);
        pos += 2;
        if (Character.isLetterOrDigit(c)) {
            if ((c == 'p' || c == 'P' || c == 'x' || c == 'N') && pos < re.length() && re.charAt(pos) == '{') {
                pos = re.indexOf('}', pos) + 1;
            } else if (c == 'k' && pos < re.length() && re.charAt(pos) == '<') {
                pos = re.indexOf('>', pos) + 1;
            }
            return -1;
        }
        return c;
    }

    private int[] quantifier() {
        if (pos >= re.length()) {
            return null;
        }
        char c = re.charAt(pos);
        int[] q;
        if (c == '?') {
            q = new int[]{0, 1};
        } else if (c == '*') {
            q = new int[]{0, -1};
        } else if (c == '+') {
            q = new int[]{1, -1};
        } else if (c == '{') {
            int end = re.indexOf('}', pos);
            String[] parts = re.substring(pos + 1, end).split(",", -1);
            int min = Integer.parseInt(parts[0].trim());
            int max = parts.length == 1 ? min : parts[1].isBlank() ? -1 : Integer.parseInt(parts[1].trim());
            q = new int[]{min, max};
            pos = end;
        } else {
            return null;
        }
        pos++;
        if (pos < re.length() && (re.charAt(pos) == '?' || re.charAt(pos) == '+')) {
            pos++; // lazy or possessive
        }
        return q;
    }
}
