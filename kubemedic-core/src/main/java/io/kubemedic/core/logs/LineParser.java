package io.kubemedic.core.logs;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the level, timestamp and message out of one log line, structured (JSON: zap, logrus, pino, bunyan, ECS,
 * python-json-logger) or plain text (ISO/RFC 3339 timestamps, klog/glog "E1202 ...", logback/log4j, Python logging,
 * nginx and Postgres error logs, logfmt "level=error"). The level is read by hand, because it decides whether a line
 * is an error at all and so runs on every line holding a level-like word; the rest is parsed only for the few
 * errors that are reported.
 */
final class LineParser {

    /** What a line says about itself; any field may be null. {@code level} is normalised (see {@link #level}). */
    record Parsed(String timestamp, String level, String message) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TIMESTAMP = Pattern.compile(
            "^\\[?(\\d{4}[-/]\\d{2}[-/]\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2}|\\s?UTC)?)\\]?\\s*");
    private static final Pattern KLOG = Pattern.compile("^[IWEF](\\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d+)\\s+\\d+\\s+");
    private static final Map<String, String> LEVELS = Map.ofEntries(
            Map.entry("trace", "trace"), Map.entry("debug", "debug"), Map.entry("info", "info"), Map.entry("notice", "info"),
            Map.entry("warn", "warning"), Map.entry("warning", "warning"), Map.entry("error", "error"), Map.entry("err", "error"),
            Map.entry("severe", "error"), Map.entry("fatal", "fatal"), Map.entry("critical", "fatal"), Map.entry("crit", "fatal"),
            Map.entry("emerg", "fatal"), Map.entry("emergency", "fatal"), Map.entry("alert", "fatal"), Map.entry("panic", "panic"),
            Map.entry("dpanic", "panic"));
    private static final String[] LEVEL_KEYS = {"\"level\"", "\"severity\"", "\"lvl\"", "\"log.level\"", "\"levelname\"", "\"loglevel\""};
    private static final String[] TIME_KEYS = {"time", "ts", "@timestamp", "timestamp", "t", "datetime"};
    private static final String[] MESSAGE_KEYS = {"msg", "message", "@message", "event"};
    private static final String[] ERROR_KEYS = {"error", "err", "exception", "error.message", "stack_trace"};
    private static final int LEVEL_SPAN = 160;

    private LineParser() {
    }

    /** The normalised level of a level word: trace, debug, info, warning, error, fatal, panic; or null. */
    static String level(String word) {
        return word == null ? null : LEVELS.get(word.toLowerCase(Locale.ROOT));
    }

    static boolean isError(String level) {
        return "error".equals(level) || "fatal".equals(level) || "panic".equals(level);
    }

    /**
     * The line's level: a JSON level field (string or pino/bunyan number), a klog letter, or in the first
     * {@value #LEVEL_SPAN} characters of plain text an upper-case level word (ERROR, WARN...), a bracketed one in any
     * case ([error]) or logfmt level=/lvl=/severity=. Null when the line names none.
     */
    static String levelOf(String line) {
        if (line.startsWith("{")) {
            return jsonLevel(line);
        }
        int n = line.length();
        if (n > 5 && "IWEF".indexOf(line.charAt(0)) >= 0 && allDigits(line, 1, 5) && line.charAt(5) == ' ') {
            char c = line.charAt(0);
            return c == 'I' ? "info" : c == 'W' ? "warning" : c == 'E' ? "error" : "fatal";
        }
        int end = Math.min(n, LEVEL_SPAN);
        for (int i = 0; i < end; i++) {
            if (!isLetter(line.charAt(i)) || i > 0 && isLetter(line.charAt(i - 1))) {
                continue;
            }
            int j = i;
            while (j < n && isLetter(line.charAt(j))) {
                j++;
            }
            String word = line.substring(i, j);
            String level = j - i > 2 ? level(word) : null;
            if (level != null) {
                boolean upper = word.equals(word.toUpperCase(Locale.ROOT));
                boolean bracketed = i > 0 && line.charAt(i - 1) == '[' && j < n && line.charAt(j) == ']';
                if (upper || bracketed) {
                    return level;
                }
            }
            if ((word.equalsIgnoreCase("level") || word.equalsIgnoreCase("lvl") || word.equalsIgnoreCase("severity")) && j < n && line.charAt(j) == '=') {
                int k = j + 1 < n && line.charAt(j + 1) == '"' ? j + 2 : j + 1;
                int e = k;
                while (e < n && isLetter(line.charAt(e))) {
                    e++;
                }
                return level(line.substring(k, e));
            }
            i = j;
        }
        return null;
    }

    private static String jsonLevel(String line) {
        for (String key : LEVEL_KEYS) {
            int at = line.indexOf(key);
            if (at < 0) {
                continue;
            }
            int i = at + key.length();
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == ':')) {
                i++;
            }
            if (i < line.length() && line.charAt(i) == '"') {
                int end = line.indexOf('"', i + 1);
                return end < 0 ? null : level(line.substring(i + 1, end));
            }
            int e = i;
            while (e < line.length() && Character.isDigit(line.charAt(e))) {
                e++;
            }
            if (e > i && e - i < 4) {
                int v = Integer.parseInt(line, i, e, 10);
                return v >= 60 ? "fatal" : v >= 50 ? "error" : v >= 40 ? "warning" : v >= 30 ? "info" : v >= 20 ? "debug" : "trace";
            }
        }
        return null;
    }

    /** Timestamp, level and message: for the errors that are reported. */
    static Parsed parse(String line) {
        String level = levelOf(line);
        if (line.startsWith("{")) {
            Parsed json = json(line, level);
            if (json != null) {
                return json;
            }
        }
        Matcher k = KLOG.matcher(line);
        if (k.lookingAt()) {
            return new Parsed(k.group(1), level, line.substring(k.end()).strip());
        }
        Matcher t = TIMESTAMP.matcher(line);
        if (t.lookingAt()) {
            return new Parsed(t.group(1), level, line.substring(t.end()).strip());
        }
        return new Parsed(null, level, line.strip());
    }

    private static Parsed json(String line, String level) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (RuntimeException e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        String message = first(node, MESSAGE_KEYS);
        String detail = null;
        for (String key : ERROR_KEYS) {
            JsonNode err = node.get(key);
            if (err != null && !err.isNull()) {
                detail = err.isObject() ? err.path("message").asString(null) : err.isValueNode() ? err.asString() : null;
                break;
            }
        }
        if (message == null) {
            message = detail != null ? detail : line;
        } else if (detail != null && !detail.isBlank() && !message.contains(detail)) {
            message = message + ": " + detail;
        }
        return new Parsed(first(node, TIME_KEYS), level, message);
    }

    private static String first(JsonNode node, String[] keys) {
        for (String key : keys) {
            JsonNode v = node.get(key);
            if (v != null && v.isValueNode() && !v.isNull()) {
                return v.asString();
            }
        }
        return null;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
