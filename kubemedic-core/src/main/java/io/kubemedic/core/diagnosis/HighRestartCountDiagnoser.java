package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A running container that has restarted often (a crash loop in progress is the crash-loop diagnoser's). */
public final class HighRestartCountDiagnoser implements Diagnoser {

    private final int threshold;
    private final Duration maxAge;

    /** Restarts only count while the last one is recent: a container that restarted a lot last week and has run since is fine. */
    public HighRestartCountDiagnoser(int threshold, Duration maxAge) {
        this.threshold = threshold;
        this.maxAge = maxAge;
    }

    public HighRestartCountDiagnoser(int threshold) {
        this(threshold, Duration.ofHours(1));
    }

    @Override
    public String name() {
        return "high-restart-count";
    }

    @Override
    public List<Finding> diagnose(TargetSnapshot snapshot) {
        List<Finding> out = new ArrayList<>();
        for (Pod pod : snapshot.pods()) {
            for (ContainerStatus s : PodFacts.statuses(pod)) {
                if (PodFacts.restarts(s) >= threshold && !"CrashLoopBackOff".equals(PodFacts.waitingReason(s))
                        && PodFacts.recent(PodFacts.lastTermination(s), snapshot.observedAt(), maxAge)) {
                    out.add(new Finding(FindingType.HIGH_RESTART_COUNT, Severity.WARNING, PodFacts.ref(pod), s.getName(),
                            "container " + s.getName() + " of pod " + pod.getMetadata().getName() + " has restarted " + PodFacts.restarts(s) + " times",
                            Map.of("restartCount", String.valueOf(PodFacts.restarts(s))), "look for intermittent crashes or a failing liveness probe"));
                }
            }
        }
        return out;
    }
}
