package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A container waiting in CrashLoopBackOff, with its restart count and how it last died. */
public final class CrashLoopBackOffDiagnoser implements Diagnoser {

    @Override
    public String name() {
        return "crash-loop";
    }

    @Override
    public List<Finding> diagnose(TargetSnapshot snapshot) {
        List<Finding> out = new ArrayList<>();
        for (Pod pod : snapshot.pods()) {
            for (ContainerStatus s : PodFacts.statuses(pod)) {
                if (!"CrashLoopBackOff".equals(PodFacts.waitingReason(s))) {
                    continue;
                }
                Map<String, String> ev = new LinkedHashMap<>();
                ev.put("restartCount", String.valueOf(PodFacts.restarts(s)));
                ContainerStateTerminated last = s.getLastState() == null ? null : s.getLastState().getTerminated();
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
