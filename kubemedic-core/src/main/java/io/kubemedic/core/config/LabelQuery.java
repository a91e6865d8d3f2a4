package io.kubemedic.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A label selector in the API server's string form ({@code pool=general,zone in (a,b),!spot}), parsed and validated
 * as the server parses it, so Kubemedic can both send it with its watches and apply it itself. The second half
 * matters for safety: a scope Kubemedic acts within is enforced by Kubemedic, not only trusted to the server's filter
 * (a server or proxy that ignores part of a selector would otherwise widen it).
 *
 * <p>Grammar: requirements separated by commas; each is {@code key}, {@code !key}, {@code key=value},
 * {@code key==value}, {@code key!=value}, {@code key in (v1,v2)} or {@code key notin (v1,v2)}. An empty selector
 * matches every object.
 */
public final class LabelQuery {

    /** One requirement of a selector. */
    public record Requirement(String key, Operator operator, Set<String> values) {

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case EQUALS, IN -> value != null && values.contains(value);
                case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }
    }

    /** The selector operators of the API server's string form. */
    public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    // a qualified name: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters
    private static final Pattern KEY = Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
            + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    private static final LabelQuery EVERYTHING = new LabelQuery("", List.of());

    private final String text;
    private final List<Requirement> requirements;

    private LabelQuery(String text, List<Requirement> requirements) {
        this.text = text;
        this.requirements = List.copyOf(requirements);
    }

    /** The selector that matches every object. */
    public static LabelQuery everything() {
        return EVERYTHING;
    }

    /**
     * Parses a selector.
     *
     * @throws IllegalArgumentException naming the position and what was expected, when the text is not a selector
     */
    public static LabelQuery parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            return EVERYTHING;
        }
        return new LabelQuery(s, new Parser(s).requirements());
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(l));
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    /** The selector as written, to send to the API server. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelQuery q && q.requirements.equals(requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode();
    }

    private static final class Parser {
        private final String s;
        private int at;

        Parser(String s) {
            this.s = s;
        }

        List<Requirement> requirements() {
            List<Requirement> out = new ArrayList<>();
            do {
                out.add(requirement());
                space();
            } while (take(","));
            if (at < s.length()) {
                throw fail("',' or the end");
            }
            return out;
        }

        private Requirement requirement() {
            space();
            if (take("!")) {
                return new Requirement(key(), Operator.DOES_NOT_EXIST, Set.of());
            }
            String key = key();
            space();
            if (at >= s.length() || s.charAt(at) == ',') {
                return new Requirement(key, Operator.EXISTS, Set.of());
            }
            if (take("!=")) {
                return new Requirement(key, Operator.NOT_EQUALS, Set.of(value()));
            }
            if (take("==") || take("=")) {
                return new Requirement(key, Operator.EQUALS, Set.of(value()));
            }
            if (word("notin")) {
                return new Requirement(key, Operator.NOT_IN, values());
            }
            if (word("in")) {
                return new Requirement(key, Operator.IN, values());
            }
            throw fail("'=', '==', '!=', 'in', 'notin', ',' or the end after key '" + key + "'");
        }

        private String key() {
            space();
            String key = token();
            if (key.isEmpty()) {
                throw fail("a label key");
            }
            if (!KEY.matcher(key).matches() || key.contains("/") && key.indexOf('/') > 253) {
                throw new IllegalArgumentException("'" + key + "' is not a valid label key (prefix/name, name at most 63 of [A-Za-z0-9-_.])");
            }
            return key;
        }

        private String value() {
            space();
            String value = token();
            if (!VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("'" + value + "' is not a valid label value (at most 63 of [A-Za-z0-9-_.], alphanumeric at both ends)");
            }
            return value;
        }

        private Set<String> values() {
            space();
            if (!take("(")) {
                throw fail("'(' to open the value set");
            }
            Set<String> values = new java.util.LinkedHashSet<>();
            do {
                values.add(value());
                space();
            } while (take(","));
            if (!take(")")) {
                throw fail("',' or ')' in the value set");
            }
            if (values.equals(Set.of(""))) {
                throw new IllegalArgumentException("the value set of 'in' and 'notin' cannot be empty");
            }
            return Set.copyOf(values);
        }

        /** Characters up to the next space, operator or delimiter. */
        private String token() {
            int start = at;
            while (at < s.length() && " \t,()=!".indexOf(s.charAt(at)) < 0) {
                at++;
            }
            return s.substring(start, at);
        }

        /** A keyword, taken only when a space or '(' follows it. */
        private boolean word(String w) {
            if (s.startsWith(w, at) && at + w.length() < s.length() && " \t(".indexOf(s.charAt(at + w.length())) >= 0) {
                at += w.length();
                return true;
            }
            return false;
        }

        private boolean take(String t) {
            if (s.startsWith(t, at)) {
                at += t.length();
                return true;
            }
            return false;
        }

        private void space() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
        }

        private IllegalArgumentException fail(String expected) {
            return new IllegalArgumentException("expected " + expected + " at position " + (at + 1)
                    + (at < s.length() ? " ('" + s.substring(at) + "')" : ""));
        }
    }
}
