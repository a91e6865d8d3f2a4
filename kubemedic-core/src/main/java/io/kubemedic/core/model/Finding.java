package io.kubemedic.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * One thing a diagnoser saw, with the evidence behind it, so a human reading the audit trail can check the claim.
 *
 * @param subject   the object the finding was seen on (a pod, a deployment, a node)
 * @param container the container concerned, or {@code null} when not container-specific
 * @param evidence  facts as key/value pairs, e.g. {@code restartCount=7}, {@code exitCode=137}
 */
public record Finding(FindingType type, Severity severity, ResourceRef subject, String container,
                      String message, Map<String, String> evidence, String recommendation) {

    public Finding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
        recommendation = recommendation == null ? "" : recommendation;
    }

    public String evidence(String key) {
        return evidence.get(key);
    }

    /** Integer evidence, or {@code fallback} when absent or not a number. */
    public int intEvidence(String key, int fallback) {
        String v = evidence.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
