package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A production Deployment (its name or namespace matches a glob such as {@code prod-*}) running one replica:
 * one node drain away from an outage. A Deployment scaled to zero on purpose is left alone, and one created less than
 * {@code diagnosis.newWorkloadGrace} ago is given that long: the autoscaler that owns its replica count is often
 * created a moment after it, and scaling it meanwhile would fight the autoscaler.
 */
public final class SingleReplicaProdDiagnoser implements Diagnoser {

    private final List<String> patterns;
    private final java.time.Duration grace;

    public SingleReplicaProdDiagnoser(List<String> patterns, java.time.Duration grace) {
        this.patterns = List.copyOf(patterns);
        this.grace = grace;
    }

    public SingleReplicaProdDiagnoser(List<String> patterns) {
        this(patterns, java.time.Duration.ZERO);
    }

    @Override
    public String name() {
        return "single-replica-prod";
    }

    @Override
    public List<Finding> diagnose(TargetSnapshot snapshot) {
        Deployment d = snapshot.deployment();
        if (d == null || d.getSpec() == null || d.getSpec().getReplicas() == null || d.getSpec().getReplicas() != 1 || young(d, snapshot)) {
            return List.of();
        }
        Optional<String> matched = patterns.stream()
                .filter(p -> matches(p, d.getMetadata().getName()) || matches(p, d.getMetadata().getNamespace())).findFirst();
        return matched.map(p -> List.of(new Finding(FindingType.SINGLE_REPLICA_PROD, Severity.WARNING, snapshot.target(), null,
                "production Deployment " + d.getMetadata().getName() + " runs a single replica (matches " + p + ")",
                Map.of("replicas", "1", "matched", p), "run at least two replicas with a PodDisruptionBudget"))).orElse(List.of());
    }

    private boolean young(Deployment d, TargetSnapshot snapshot) {
        String created = d.getMetadata().getCreationTimestamp();
        try {
            return created != null && java.time.Instant.parse(created).plus(grace).isAfter(snapshot.observedAt());
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static boolean matches(String glob, String value) {
        if (value == null) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            regex.append(ch == '*' ? ".*" : ch == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(ch)));
        }
        return value.matches(regex.toString());
    }
}
