package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
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
 * A container waiting in CrashLoopBackOff, with its restart count and how it last died. A last termination older than
 * {@code diagnosis.evidenceMaxAge} is not evidence (a real back-off never waits that long, so such a status is stale).
 */
public final class CrashLoopBackOffDiagnoser implements Diagnoser {

    private final Duration maxAge;

    public CrashLoopBackOffDiagnoser(Duration maxAge) {
        this.maxAge = maxAge;
    }

    public CrashLoopBackOffDiagnoser() {
        this(Duration.ofHours(1));
    }

    @Override
    public String name() {
        return "crash-loop";
    }

    @Override
    public List<Finding> diagnose(TargetSnapshot snapshot) {
        List<Finding> out = new ArrayList<>();
        for (Pod pod : snapshot.pods()) {
            for (ContainerStatus s : PodFacts.statuses(pod)) {
                ContainerStateTerminated last = PodFacts.lastTermination(s);
                if (!"CrashLoopBackOff".equals(PodFacts.waitingReason(s)) || !PodFacts.recent(last, snapshot.observedAt(), maxAge)) {
                    continue;
                }
                Map<String, String> ev = new LinkedHashMap<>();
                ev.put("restartCount", String.valueOf(PodFacts.restarts(s)));
                if (last != null) {
                    ev.put("lastExitCode", String.valueOf(last.getExitCode()));
                    ev.put("lastReason", PodFacts.nullToEmpty(last.getReason()));
                }
                ev.put("image", PodFacts.nullToEmpty(s.getImage()));
                String hash = PodFacts.label(pod, "pod-template-hash");
                if (hash != null) {
                    ev.put("podTemplateHash", hash);
                }
                String how = last == null ? "" : "; last exit code " + last.getExitCode() + " (" + PodFacts.nullToEmpty(last.getReason()) + ")";
                out.add(new Finding(FindingType.CRASH_LOOP_BACK_OFF, Severity.CRITICAL, PodFacts.ref(pod), s.getName(),
                        "container " + s.getName() + " of pod " + pod.getMetadata().getName() + " restarted " + PodFacts.restarts(s) + " times" + how,
                        ev, "read the container's previous logs (kubectl logs --previous) for why it exits"));
            }
        }
        return out;
    }
}
