package io.kubemedic.app.intake;

import java.util.regex.Pattern;

/**
 * Kubernetes name rules, checked before any API call so a bad name is answered 422 with the rule it breaks instead of
 * reaching the API server (or a cache lookup) at all.
 */
public final class KubeNames {

    /** RFC 1123 label: namespaces, and the container names. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** RFC 1123 subdomain: pods, Deployments, StatefulSets, nodes. */
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private KubeNames() {
    }

    public static String namespace(String value, String field) {
        return check(value, field, LABEL, 63, "a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters)");
    }

    public static String container(String value, String field) {
        return namespace(value, field);
    }

    public static String object(String value, String field) {
        return check(value, field, SUBDOMAIN, 253, "a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253 characters)");
    }

    private static String check(String value, String field, Pattern rule, int max, String what) {
        if (value == null || value.isBlank()) {
            throw IntakeException.unprocessable("missing_field", "'" + field + "' is missing");
        }
        if (value.length() > max || !rule.matcher(value).matches()) {
            throw IntakeException.unprocessable("invalid_name", "'" + field + "' is not a valid Kubernetes name: '" + abbreviate(value)
                    + "' must be " + what);
        }
        return value;
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }
}
