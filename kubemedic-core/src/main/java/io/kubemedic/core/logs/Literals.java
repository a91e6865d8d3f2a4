package io.kubemedic.core.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the words a regular expression cannot match without: a set of literals of which every match contains at
 * least one ("connection (refused|reset)" gives "connection refused" and "connection reset"). Lines that contain
 * none are rejected without running the regex, which keeps the log analyzer fast; deriving the words from the regex
 * (instead of a hand-kept list) means they can never drift apart. It also splits a regex into its top-level branches
 * so that a line only meets the branches whose words it contains. Conservative: what it does not understand breaks
 * a literal, and a branch without a literal of {@value #MIN_LENGTH}+ characters yields none (it then runs on every
 * line).
 */
final class Literals {

    static final int MIN_LENGTH = 3;

    /** One top-level branch of a regex and its lower-cased required literals (empty: none, run on every line). */
    record Branch(String regex, List<String> keywords) {
    }

    private Literals() {
    }

    /** The regex's top-level branches with their literals; one branch (the whole regex) when it cannot be split safely. */
    static List<Branch> branches(String regex) {
        if (regex.contains("(?x") || regex.contains("\\Q")) {
            return List.of(new Branch(regex, List.of())); // free-spacing and quoted sections: not worth understanding
        }
        LiteralParser p = new LiteralParser(regex);
        try {
            LiteralParser.Req all = p.parse();
            if (!p.done()) {
                return List.of(new Branch(regex, List.of()));
            }
            if (p.unsplittable || regex.matches(".*\\\\([1-9]|k<).*")) {
                return List.of(new Branch(regex, words(all)));
            }
            List<Branch> out = new ArrayList<>();
            for (int i = 0; i < p.top.size(); i++) {
                out.add(new Branch(regex.substring(p.top.get(i)[0], p.top.get(i)[1]), words(p.topReqs.get(i))));
            }
            return out;
        } catch (RuntimeException e) {
            return List.of(new Branch(regex, List.of()));
        }
    }

    /** The required literals of the whole regex (empty: none worth filtering on). */
    static List<String> required(String regex) {
        List<String> all = new ArrayList<>();
        for (Branch b : branches(regex)) {
            if (b.keywords().isEmpty()) {
                return List.of();
            }
            all.addAll(b.keywords());
        }
        return all.stream().distinct().toList();
    }

    private static List<String> words(LiteralParser.Req req) {
        if (req == null || req.set().isEmpty() || req.set().stream().anyMatch(s -> s.length() < MIN_LENGTH)) {
            return List.of();
        }
        List<String> lower = req.set().stream().map(s -> s.toLowerCase(Locale.ROOT)).distinct().toList();
        return lower.stream().filter(s -> lower.stream().noneMatch(t -> !t.equals(s) && s.contains(t))).toList();
    }


    /** Every concatenation of a string of {@code a} and one of {@code b}; null when there would be more than {@code cap}. */
    static Set<String> product(Set<String> a, Set<String> b, int cap) {
        if ((long) a.size() * b.size() > cap) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String x : a) {
            for (String y : b) {
                out.add(x + y);
            }
        }
        return out;
    }

    /** The option whose shortest word is longest (ties: fewer words), or null when there is none. */
    static Set<String> best(List<Set<String>> options) {
        Set<String> best = null;
        for (Set<String> o : options) {
            if (best == null || shortest(o) > shortest(best) || shortest(o) == shortest(best) && o.size() < best.size()) {
                best = o;
            }
        }
        return best;
    }

    private static int shortest(Set<String> set) {
        return set.stream().mapToInt(String::length).min().orElse(0);
    }
}
