package io.kubemedic.core.logs;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One known failure signature in container logs and what to do about it. Patterns are data (log-patterns.yaml plus
 * the user's file) so that operators can teach Kubemedic their own applications' failures without a release.
 *
 * @param name           stable identifier reported as the error's {@code pattern} (e.g. {@code connection_error})
 * @param severity       {@code error} or {@code warning}: the level reported when the line itself names none
 * @param regex          the Java regular expression, matched case-insensitively anywhere in the line
 * @param ere            the same in POSIX ERE for {@code grep -E -i} (benchmark only), or null to reuse {@code regex}
 * @param recommendation what an operator should check or change when this pattern shows up
 * @param pattern        {@code regex} compiled
 * @param branches       the regex's top-level branches, each compiled, with the lower-cased literals every match of it
 *                       contains (derived from the regex; empty means the branch is tried on every line)
 */
public record LogPattern(String name, String severity, String regex, String ere, String recommendation, Pattern pattern,
                         List<Branch> branches) {

    /** A top-level branch of the regex, tried on a line only when the line contains one of its keywords. */
    public record Branch(Pattern pattern, List<String> keywords) {
        public Branch {
            keywords = List.copyOf(keywords);
        }
    }

    public static final String ERROR = "error";
    public static final String WARNING = "warning";

    public LogPattern {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pattern, "pattern");
        branches = List.copyOf(branches);
    }

    /** Compiles {@code regex} (case-insensitively) and derives its keywords; throws PatternSyntaxException if invalid. */
    public static LogPattern of(String name, String severity, String regex, String ere, String recommendation) {
        Pattern compiled = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        List<Branch> branches = Literals.branches(regex).stream()
                .map(b -> new Branch(Pattern.compile(b.regex(), Pattern.CASE_INSENSITIVE), b.keywords())).toList();
        return new LogPattern(name, severity, regex, ere, recommendation, compiled, branches);
    }

    /** All branches' keywords; empty when some branch has none (the pattern is then tried on every line). */
    public List<String> keywords() {
        if (branches.stream().anyMatch(b -> b.keywords().isEmpty())) {
            return List.of();
        }
        return branches.stream().flatMap(b -> b.keywords().stream()).distinct().toList();
    }

    /** The pattern for {@code grep -E -i}: {@code ere} when given, else the regex itself. */
    public String grepPattern() {
        return ere != null ? ere : regex;
    }

    /** True when the line matches this pattern. */
    public boolean matches(CharSequence line) {
        return pattern.matcher(line).find();
    }
}
