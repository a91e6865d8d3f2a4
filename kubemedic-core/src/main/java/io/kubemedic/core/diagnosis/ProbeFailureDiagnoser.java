package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Readiness or liveness probes that keep failing, read from the kubelet's Unhealthy events on the target's pods. */
public final class ProbeFailureDiagnoser implements Diagnoser {

    @Override
    public String name() {
        return "probe-failure";
    }

    @Override
    public List<Finding> diagnose(TargetSnapshot snapshot) {
        Set<String> pods = snapshot.pods().stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        List<Finding> out = new ArrayList<>();
        for (Event e : snapshot.events()) {
            if (!"Unhealthy".equals(e.getReason()) || e.getInvolvedObject() == null || !"Pod".equals(e.getInvolvedObject().getKind())
                    || !pods.contains(e.getInvolvedObject().getName()) || e.getMessage() == null) {
                continue;
            }
            String probe = e.getMessage().startsWith("Liveness probe failed") ? "liveness"
                    : e.getMessage().startsWith("Readiness probe failed") ? "readiness" : null;
            if (probe == null) {
                continue;
            }
            int count = e.getCount() == null ? 1 : e.getCount();
            Severity severity = "liveness".equals(probe) && count >= 3 ? Severity.CRITICAL : Severity.WARNING;
            Pod pod = snapshot.pod(e.getInvolvedObject().getName()).orElseThrow();
            out.add(new Finding(FindingType.PROBE_FAILURE, severity, ResourceRef.pod(pod.getMetadata().getNamespace(), pod.getMetadata().getName()),
                    null, probe + " probe of pod " + pod.getMetadata().getName() + " failed " + count + " time(s): " + e.getMessage(),
                    Map.of("probe", probe, "count", String.valueOf(count), "message", e.getMessage()),
                    "check the probe's endpoint, timeout and initial delay"));
        }
        return out;
    }
}
