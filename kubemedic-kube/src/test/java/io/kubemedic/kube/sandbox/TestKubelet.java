package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;

/**
 * The kubelet's part in controller tests, on the sandbox and on the real server alike (neither has a kubelet): writes
 * each pod's phase and Ready condition as the test decides, only where it differs from what is stored.
 */
final class TestKubelet {

    /** What the kubelet should report for a pod: a phase and whether it is Ready; null leaves the pod alone. */
    record State(String phase, boolean ready) {
        static final State RUNNING_READY = new State("Running", true);
        static final State CRASHING = new State("Running", false);
    }

    private TestKubelet() {
    }

    static void settle(KubernetesClient client, String namespace, Function<Pod, State> decide) {
        List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
        for (Pod p : pods) {
            State s = decide.apply(p);
            if (s == null || p.getMetadata().getDeletionTimestamp() != null || matches(p, s)) {
                continue;
            }
            p.setStatus(status(s));
            try {
                client.pods().inNamespace(namespace).resource(p).updateStatus();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 404 && e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    static PodStatus status(State s) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return new PodStatusBuilder().withPhase(s.phase()).addNewCondition().withType("Ready").withStatus(s.ready() ? "True" : "False")
                .withLastTransitionTime(now).endCondition().build();
    }

    private static boolean matches(Pod p, State s) {
        return p.getStatus() != null && s.phase().equals(p.getStatus().getPhase()) && PodStates.ready(p) == s.ready();
    }
}
