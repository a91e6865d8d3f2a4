package io.kubemedic.core.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One typed setting: key, type, default and what it does. {@link Options} lists them all, the configuration
 * reference in docs/configuration.md is generated from that list, and a test fails when the two drift.
 */
public record Option<T>(String key, String type, T defaultValue, String description, Function<String, T> parser) {

    public Option {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(parser, "parser");
    }

    /** Parses a raw value, naming the option in the error so a user knows which line of their file is wrong. */
    public T parse(String raw) {
        try {
            return parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new ConfigException("option '" + key + "': cannot read '" + raw + "' as " + type
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** The default as written in a config file. */
    public String defaultText() {
        if (defaultValue == null) {
            return "";
        }
        if (defaultValue instanceof Options.Mode m) {
            return m.text();
        }
        if (defaultValue instanceof java.time.Duration d) {
            return Durations.format(d);
        }
        if (defaultValue instanceof java.util.Map<?, ?> m) {
            return String.join(",", m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
        if (defaultValue instanceof java.util.Collection<?> c) {
            return String.join(",", c.stream().map(String::valueOf).toList());
        }
        return String.valueOf(defaultValue);
    }
}
