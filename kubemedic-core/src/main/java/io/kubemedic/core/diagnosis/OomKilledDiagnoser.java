package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container killed for exceeding its memory limit, now or on its last run, within {@code diagnosis.evidenceMaxAge}:
 * an OOM kill from hours ago on a container that has run fine since is history, and a first start on a cluster full
 * of such pods must not raise every limit in it.
 */
public final class OomKilledDiagnoser implements Diagnoser {

    private final Duration maxAge;

    public OomKilledDiagnoser(Duration maxAge) {
        this.maxAge = maxAge;
    }

    public OomKilledDiagnoser() {
        this(Duration.ofHours(1));
    }

    @Override
    public String name() {
        return "oom-killed";
    }

    @Override
    public List<Finding> diagnose(TargetSnapshot snapshot) {
        List<Finding> out = new ArrayList<>();
        for (Pod pod : snapshot.pods()) {
            for (ContainerStatus s : PodFacts.statuses(pod)) {
                ContainerStateTerminated oom = oom(s);
                if (oom == null || !PodFacts.recent(oom, snapshot.observedAt(), maxAge)) {
                    continue;
                }
                Map<String, String> ev = new LinkedHashMap<>();
                Quantity limit = PodFacts.container(pod, s.getName()).map(c -> PodFacts.limit(c, "memory")).orElse(null);
                if (limit != null) {
                    ev.put("memoryLimit", limit.toString());
                }
                ev.put("restartCount", String.valueOf(PodFacts.restarts(s)));
                ev.put("exitCode", String.valueOf(oom.getExitCode()));
                if (oom.getFinishedAt() != null) {
                    ev.put("finishedAt", oom.getFinishedAt());
                }
                out.add(new Finding(FindingType.OOM_KILLED, Severity.CRITICAL, PodFacts.ref(pod), s.getName(),
                        "container " + s.getName() + " of pod " + pod.getMetadata().getName() + " was OOMKilled"
                                + (limit == null ? " (no memory limit set)" : " at its memory limit of " + limit),
                        ev, "raise the memory limit or find the leak"));
            }
        }
        return out;
    }

    private static ContainerStateTerminated oom(ContainerStatus s) {
        if (s.getState() != null && s.getState().getTerminated() != null && "OOMKilled".equals(s.getState().getTerminated().getReason())) {
            return s.getState().getTerminated();
        }
        if (s.getLastState() != null && s.getLastState().getTerminated() != null && "OOMKilled".equals(s.getLastState().getTerminated().getReason())) {
            return s.getLastState().getTerminated();
        }
        return null;
    }
}
