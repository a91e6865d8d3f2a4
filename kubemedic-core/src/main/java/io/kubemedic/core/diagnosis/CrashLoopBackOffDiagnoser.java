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
 * A container waiting in CrashLoopBackOff, with its restart count and how it last died. A failing init container is
 * its own failure mode ({@link FindingType#INIT_CONTAINER_CRASH_LOOP}): the pod never starts, the app container only
 * waits, and what fails is usually a migration or a dependency a restart does not fix. A last termination older than
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
            java.util.Set<String> init = PodFacts.initContainerNames(pod);
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
                boolean isInit = init.contains(s.getName());
                out.add(new Finding(isInit ? FindingType.INIT_CONTAINER_CRASH_LOOP : FindingType.CRASH_LOOP_BACK_OFF, Severity.CRITICAL,
                        PodFacts.ref(pod), s.getName(), (isInit ? "init container " : "container ") + s.getName() + " of pod "
                        + pod.getMetadata().getName() + " restarted " + PodFacts.restarts(s) + " times" + how, ev,
                        isInit ? "read the init container's logs (kubectl logs -c " + s.getName() + " --previous): a failing migration or"
                                + " missing dependency is not fixed by a restart"
                                : "read the container's previous logs (kubectl logs --previous) for why it exits"));
            }
        }
        return out;
    }
}
