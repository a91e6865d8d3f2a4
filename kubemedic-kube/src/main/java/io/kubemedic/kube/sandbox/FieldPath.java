package io.kubemedic.kube.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON-path-like address into a Kubernetes object read as maps and lists, so scenario files can name any field
 * without server-assigned ids: {@code spec.template.spec.containers[name=app].resources.limits.memory},
 * {@code spec.containers[0].image}, {@code metadata.annotations["kubemedic.io/paused"]}. Parsed once at load, so a
 * malformed path is an error naming the file, not a surprise at the end of a run.
 */
public final class FieldPath {

    private sealed interface Step permits Key, Index, Match {
    }

    private record Key(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    /** The first list element whose {@code field} equals {@code value}. */
    private record Match(String field, String value) implements Step {
    }

    private final String text;
    private final List<Step> steps;

    private FieldPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /** @throws IllegalArgumentException with what is wrong at which position */
    public static FieldPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a field path is empty");
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                if (i == 0 || i == text.length() - 1 || text.charAt(i + 1) == '.' || text.charAt(i + 1) == '[') {
                    throw new IllegalArgumentException("misplaced '.' at position " + i + " in '" + text + "'");
                }
                i++;
            } else if (c == '[') {
                int end = closing(text, i);
                steps.add(bracket(text.substring(i + 1, end), text));
                i = end + 1;
            } else {
                int end = i;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                if (text.substring(i, end).contains("]")) {
                    throw new IllegalArgumentException("unbalanced ']' in '" + text + "'");
                }
                steps.add(new Key(text.substring(i, end)));
                i = end;
            }
        }
        return new FieldPath(text, steps);
    }

    private static int closing(String text, int open) {
        char first = open + 1 < text.length() ? text.charAt(open + 1) : ' ';
        int from = open + 1;
        if (first == '"' || first == '\'') {
            int quote = text.indexOf(first, open + 2);
            if (quote < 0) {
                throw new IllegalArgumentException("unterminated quote in '" + text + "'");
            }
            from = quote;
        }
        int end = text.indexOf(']', from);
        if (end < 0) {
            throw new IllegalArgumentException("missing ']' in '" + text + "'");
        }
        return end;
    }

    private static Step bracket(String inner, String text) {
        if (inner.length() >= 2 && (inner.charAt(0) == '"' || inner.charAt(0) == '\'') && inner.charAt(inner.length() - 1) == inner.charAt(0)) {
            return new Key(inner.substring(1, inner.length() - 1));
        }
        if (inner.matches("\\d+")) {
            return new Index(Integer.parseInt(inner));
        }
        int eq = inner.indexOf('=');
        if (eq <= 0 || eq == inner.length() - 1) {
            throw new IllegalArgumentException("'[" + inner + "]' in '" + text + "' must be [N], [field=value] or [\"key\"]");
        }
        return new Match(inner.substring(0, eq), inner.substring(eq + 1));
    }

    /** Whether the path starts with {@code prefix} (e.g. {@code spec.template}), step by step. */
    public boolean startsWith(FieldPath prefix) {
        return steps.size() >= prefix.steps.size() && steps.subList(0, prefix.steps.size()).equals(prefix.steps);
    }

    /** The rest of the path after {@code prefix}. */
    public FieldPath after(FieldPath prefix) {
        if (!startsWith(prefix) || steps.size() == prefix.steps.size()) {
            throw new IllegalArgumentException("'" + text + "' does not continue '" + prefix + "'");
        }
        List<Step> rest = steps.subList(prefix.steps.size(), steps.size());
        return new FieldPath(text.substring(prefix.text.length() + (text.charAt(prefix.text.length()) == '.' ? 1 : 0)), rest);
    }

    /** The value at this path, or null when any step is missing. */
    public Object read(Object root) {
        Object at = root;
        for (Step s : steps) {
            at = step(at, s);
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    /** The value as text: scalars as YAML would print them, null when missing. */
    public String readText(Object root) {
        Object v = read(root);
        return v == null ? null : String.valueOf(v);
    }

    /**
     * Sets the value (null removes it), creating missing maps on the way and appending a list element for a
     * {@code [field=value]} selector that matches none, as {@code kubectl set env} adds a variable.
     *
     * @throws IllegalArgumentException when the path crosses a value of the wrong shape or an index out of range
     */
    @SuppressWarnings("unchecked")
    public void write(Map<String, Object> root, Object value) {
        Object at = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            Step s = steps.get(i);
            Object next = step(at, s);
            if (next == null) {
                if (value == null) {
                    return; // removing something under a missing parent: nothing to do
                }
                next = steps.get(i + 1) instanceof Key ? new LinkedHashMap<String, Object>() : new ArrayList<>();
                if (s instanceof Match m && next instanceof Map<?, ?> created) {
                    ((Map<String, Object>) created).put(m.field(), m.value()); // the new element is the one the selector names
                }
                attach(at, s, next);
            }
            at = next;
        }
        Step last = steps.getLast();
        if (value == null) {
            detach(at, last);
        } else {
            attach(at, last, value);
        }
    }

    @SuppressWarnings("unchecked")
    private Object step(Object at, Step s) {
        return switch (s) {
            case Key k when at instanceof Map<?, ?> m -> m.get(k.name());
            case Index x when at instanceof List<?> l -> x.index() < l.size() ? l.get(x.index()) : null;
            case Match m when at instanceof List<?> l -> l.stream().filter(e -> e instanceof Map<?, ?> em
                    && Objects.equals(String.valueOf(em.get(m.field())), m.value())).findFirst().orElse(null);
            case null, default -> null;
        };
    }

    @SuppressWarnings("unchecked")
    private void attach(Object at, Step s, Object value) {
        switch (s) {
            case Key k when at instanceof Map<?, ?> m -> ((Map<String, Object>) m).put(k.name(), value);
            case Index x when at instanceof List<?> l && x.index() < l.size() -> ((List<Object>) l).set(x.index(), value);
            case Match m when at instanceof List<?> l -> {
                List<Object> list = (List<Object>) l;
                Object existing = step(at, s);
                Object element = value;
                if (value instanceof Map<?, ?> v && !v.containsKey(m.field())) {
                    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) v);
                    copy.put(m.field(), m.value());
                    element = copy;
                }
                if (existing != null) {
                    list.set(list.indexOf(existing), element);
                } else {
                    list.add(element);
                }
            }
            default -> throw new IllegalArgumentException("cannot set '" + text + "': " + describe(s) + " does not fit the object's shape");
        }
    }

    @SuppressWarnings("unchecked")
    private void detach(Object at, Step s) {
        switch (s) {
            case Key k when at instanceof Map<?, ?> m -> m.remove(k.name());
            case Index x when at instanceof List<?> l && x.index() < l.size() -> l.remove(x.index());
            case Match m when at instanceof List<?> l -> {
                Object existing = step(at, s);
                if (existing != null) {
                    ((List<Object>) l).remove(existing);
                }
            }
            default -> {
                // nothing there to remove
            }
        }
    }

    private static String describe(Step s) {
        return switch (s) {
            case Key k -> "'" + k.name() + "'";
            case Index x -> "[" + x.index() + "]";
            case Match m -> "[" + m.field() + "=" + m.value() + "]";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath p && p.steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
