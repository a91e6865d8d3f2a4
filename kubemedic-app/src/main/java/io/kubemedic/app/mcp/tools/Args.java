package io.kubemedic.app.mcp.tools;

import io.kubemedic.app.intake.IntakeException;
import io.kubemedic.app.intake.KubeNames;
import io.kubemedic.app.mcp.ToolException;
import io.kubemedic.core.config.KubemedicConfig;

import java.util.Map;

/**
 * A tool's arguments, checked before anything is read from the cluster: names against the Kubernetes rules, numbers
 * against their bounds, and the namespace against Kubemedic's scope (an agent sees and touches no more than the loop).
 */
final class Args {

    private final Map<String, Object> raw;

    Args(Map<String, Object> raw) {
        this.raw = raw == null ? Map.of() : raw;
    }

    /** A namespace Kubemedic may work in. */
    String namespace(KubemedicConfig config) {
        String ns = name("namespace", true, true);
        if (!config.namespaceAllowed(ns)) {
            throw new ToolException("namespace " + ns + " is outside Kubemedic's scope (namespaces.allow / namespaces.deny): nothing is read or done there");
        }
        return ns;
    }

    /** A required object name (pod, deployment). */
    String object(String field) {
        return name(field, false, true);
    }

    /** An optional container name, null when absent. */
    String container(String field) {
        Object v = raw.get(field);
        return v == null || String.valueOf(v).isBlank() ? null : name(field, true, true);
    }

    boolean bool(String field, boolean fallback) {
        Object v = raw.get(field);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new ToolException("'" + field + "' must be true or false, got " + v);
    }

    int integer(String field, int fallback, int min, int max) {
        Object v = raw.get(field);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new ToolException("'" + field + "' must be a whole number from " + min + " to " + max + ", got " + v);
        }
        long l = n.longValue();
        if (l < min || l > max) {
            throw new ToolException("'" + field + "' must be from " + min + " to " + max + ", got " + l);
        }
        return (int) l;
    }

    String text(String field, int maxLength) {
        Object v = raw.get(field);
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v);
        if (s.length() > maxLength) {
            throw new ToolException("'" + field + "' is longer than " + maxLength + " characters");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String field) {
        Object v = raw.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new ToolException("'" + field + "' must be an object");
        }
        return (Map<String, Object>) m;
    }

    private String name(String field, boolean label, boolean required) {
        Object v = raw.get(field);
        if (v == null && !required) {
            return null;
        }
        try {
            return label ? KubeNames.namespace(v == null ? null : String.valueOf(v), field) : KubeNames.object(v == null ? null : String.valueOf(v), field);
        } catch (IntakeException e) {
            throw new ToolException(e.getMessage());
        }
    }
}
