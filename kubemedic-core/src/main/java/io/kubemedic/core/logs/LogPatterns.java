package io.kubemedic.core.logs;

import io.kubemedic.core.config.ConfigException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.PatternSyntaxException;

/**
 * The ordered set of log patterns: the built-in file shipped with Kubemedic, optionally extended by a user's file
 * (same name replaces the built-in entry in place, new names come after the built-ins). Everything is validated on
 * load, naming the file and the entry, so a typo fails at start and not silently in the middle of an incident.
 * Immutable and thread-safe; build it once and share it.
 */
public final class LogPatterns {

    private static final String BUILT_IN = "/io/kubemedic/core/log-patterns.yaml";
    private static final Set<String> FIELDS = Set.of("name", "severity", "regex", "ere", "recommendation");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static volatile LogPatterns builtIn;

    private final List<LogPattern> patterns;

    private LogPatterns(List<LogPattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** The patterns shipped with Kubemedic (log-patterns.yaml on the classpath). */
    public static LogPatterns builtIn() {
        LogPatterns set = builtIn;
        if (set == null) {
            try (InputStream in = LogPatterns.class.getResourceAsStream(BUILT_IN)) {
                if (in == null) {
                    throw new IllegalStateException("built-in log patterns missing from the classpath: " + BUILT_IN);
                }
                set = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in log-patterns.yaml");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the built-in log patterns", e);
            }
            builtIn = set;
        }
        return set;
    }

    /** The built-in patterns extended by a user's file; {@code fileName} names it in error messages. */
    public static LogPatterns load(Reader userFile, String fileName) {
        StringWriter text = new StringWriter();
        try {
            userFile.transferTo(text);
        } catch (IOException e) {
            throw new ConfigException("cannot read log patterns file " + fileName + ": " + e.getMessage(), e);
        }
        return builtIn().merge(text.toString(), fileName);
    }

    /** Parses a complete pattern set from YAML ({@code patterns:} list); {@code source} names it in errors. */
    public static LogPatterns parse(String yaml, String source) {
        return new LogPatterns(List.of()).merge(yaml, source);
    }

    /** This set with the entries of {@code yaml} merged in: same name replaces in place, new names are appended. */
    public LogPatterns merge(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (RuntimeException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return this;
        }
        if (!root.path("patterns").isArray()) {
            throw new ConfigException(source + ": expected a top-level 'patterns:' list of {name, severity, regex, recommendation}");
        }
        List<LogPattern> merged = new ArrayList<>(patterns);
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (JsonNode node : root.path("patterns")) {
            LogPattern p = entry(node, source + ": patterns[" + index++ + "]");
            if (!seen.add(p.name())) {
                throw new ConfigException(source + ": pattern '" + p.name() + "' appears twice");
            }
            int at = indexOf(merged, p.name());
            if (at >= 0) {
                merged.set(at, p);
            } else {
                merged.add(p);
            }
        }
        return new LogPatterns(merged);
    }

    private static LogPattern entry(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new ConfigException(where + ": expected a map {name, severity, regex, recommendation}");
        }
        String name = text(node, "name", where);
        String at = where + " (" + name + ")";
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new ConfigException(at + ": name may only contain letters, digits, '_', '.' and '-'");
        }
        for (String field : node.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new ConfigException(at + ": unknown field '" + field + "' (expected " + String.join(", ", new TreeSet<>(FIELDS)) + ")");
            }
        }
        String severity = node.path("severity").asString(LogPattern.ERROR);
        if (!severity.equals(LogPattern.ERROR) && !severity.equals(LogPattern.WARNING)) {
            throw new ConfigException(at + ": severity must be error or warning, got '" + severity + "'");
        }
        String regex = text(node, "regex", at);
        String recommendation = text(node, "recommendation", at);
        String ere = node.hasNonNull("ere") ? node.get("ere").asString() : null;
        try {
            return LogPattern.of(name, severity, regex, ere, recommendation.strip());
        } catch (PatternSyntaxException e) {
            throw new ConfigException(at + ": regex does not compile: " + e.getDescription() + " near index " + e.getIndex() + " of '" + regex + "'", e);
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asString().isBlank()) {
            throw new ConfigException(where + ": '" + field + "' is required");
        }
        return v.asString();
    }

    private static int indexOf(List<LogPattern> list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The patterns in matching order (the first match wins). */
    public List<LogPattern> patterns() {
        return patterns;
    }

    public Optional<LogPattern> find(String name) {
        return patterns.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** How many branches all patterns have together; branch ids run from 0 in pattern order. */
    int branchCount() {
        return patterns.stream().mapToInt(p -> p.branches().size()).sum();
    }

    /**
     * The index of the first pattern matching {@code line}, or -1. A branch is tried only when it has no keywords or
     * its id's bit is set in {@code bits} (from {@link KeywordScanner#mark}); null bits tries every branch.
     */
    int classify(String line, long[] bits) {
        return classify(line, bits, patterns.size());
    }

    /** The same, looking only at the patterns before {@code limit} (a more specific cause than one already found). */
    int classify(String line, long[] bits, int limit) {
        int id = 0;
        for (int i = 0; i < limit; i++) {
            for (LogPattern.Branch b : patterns.get(i).branches()) {
                if ((bits == null || b.keywords().isEmpty() || (bits[id >>> 6] & 1L << id) != 0) && b.pattern().matcher(line).find()) {
                    return i;
                }
                id++;
            }
        }
        return -1;
    }

    /** The first pattern matching {@code line}, if any (all patterns tried in order; for callers outside a scan). */
    public Optional<LogPattern> classify(String line) {
        int i = classify(line, null);
        return i < 0 ? Optional.empty() : Optional.of(patterns.get(i));
    }

    @Override
    public String toString() {
        return "LogPatterns" + patterns.stream().map(LogPattern::name).toList();
    }
}
