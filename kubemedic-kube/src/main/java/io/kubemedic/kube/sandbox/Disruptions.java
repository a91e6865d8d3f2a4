package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.List;
import java.util.Map;

/** PodDisruptionBudget arithmetic as the disruption controller does it (matchLabels selectors; integers or percents). */
final class Disruptions {

    private Disruptions() {
    }

    static boolean selects(PodDisruptionBudget pdb, Pod pod) {
        LabelSelector s = pdb.getSpec() == null ? null : pdb.getSpec().getSelector();
        if (s == null) {
            return false;
        }
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        Map<String, String> want = s.getMatchLabels() == null ? Map.of() : s.getMatchLabels();
        return want.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** How many more of the selected pods may be disrupted now. */
    static int allowed(PodDisruptionBudget pdb, List<Pod> pods) {
        List<Pod> selected = pods.stream().filter(p -> selects(pdb, p)).toList();
        int expected = selected.size();
        int healthy = (int) selected.stream().filter(SandboxPods::ready).count();
        int desiredHealthy;
        if (pdb.getSpec().getMinAvailable() != null) {
            desiredHealthy = resolve(pdb.getSpec().getMinAvailable(), expected, true);
        } else if (pdb.getSpec().getMaxUnavailable() != null) {
            desiredHealthy = expected - resolve(pdb.getSpec().getMaxUnavailable(), expected, false);
        } else {
            desiredHealthy = expected;
        }
        return Math.max(0, healthy - desiredHealthy);
    }

    static int resolve(IntOrString v, int total, boolean roundUp) {
        if (v.getIntVal() != null) {
            return v.getIntVal();
        }
        String s = v.getStrVal();
        if (s != null && s.endsWith("%")) {
            double share = Integer.parseInt(s.substring(0, s.length() - 1)) * total / 100.0;
            return (int) (roundUp ? Math.ceil(share) : Math.floor(share));
        }
        return s == null ? 0 : Integer.parseInt(s);
    }
}
