package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.List;
import java.util.Map;

/** A Deployment whose rollout hit its progress deadline (condition Progressing=False, ProgressDeadlineExceeded). */
public final class RolloutStuckDiagnoser implements Diagnoser {

    @Override
    public String name() {
        return "rollout-stuck";
    }

    @Override
    public List<Finding> diagnose(TargetSnapshot snapshot) {
        Deployment d = snapshot.deployment();
        if (d == null || d.getStatus() == null || d.getStatus().getConditions() == null) {
            return List.of();
        }
        return d.getStatus().getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus()) && "ProgressDeadlineExceeded".equals(c.getReason()))
                .findFirst()
                .map(c -> {
                    Map<String, String> a = d.getMetadata().getAnnotations();
                    String revision = a == null ? "" : a.getOrDefault("deployment.kubernetes.io/revision", "");
                    return List.of(new Finding(FindingType.ROLLOUT_STUCK, Severity.CRITICAL, snapshot.target(), null,
                            "rollout of " + d.getMetadata().getName() + " (revision " + revision + ") exceeded its progress deadline: "
                                    + PodFacts.nullToEmpty(c.getMessage()),
                            Map.of("revision", revision, "message", PodFacts.nullToEmpty(c.getMessage())),
                            "roll back, then find why the new pods do not become available"));
                })
                .orElse(List.of());
    }
}
