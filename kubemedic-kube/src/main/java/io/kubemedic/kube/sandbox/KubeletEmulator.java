package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Plays the kubelet of every node the player created: writes the status of the pods bound there (healthy, or as
 * their faults dictate), confirms the deletion of terminating pods (delete with grace period 0, as a kubelet does
 * once the containers stopped), and emits the kubelet's events. A kubelet whose node is NotReady does nothing: its
 * pods keep their last status (kube-controller-manager 1.20 marks them not Ready only when the node goes Unknown, and
 * evicts them after the 300 s toleration), and a pod deleted there stays Terminating.
 */
final class KubeletEmulator {

    private final KubernetesClient client;
    private final Nodes nodes;
    private final PodEvents events;
    private final Map<String, PodHistory> histories = new ConcurrentHashMap<>();
    private final StatusMemory<PodStatus> memory = new StatusMemory<>();

    KubeletEmulator(KubernetesClient client, Nodes nodes) {
        this.client = client;
        this.nodes = nodes;
        this.events = new PodEvents(client);
    }

    void reconcile(ClusterView view, Faults faults, Instant now) {
        Set<String> alive = new HashSet<>();
        for (Pod pod : view.pods()) {
            String nodeName = pod.getSpec().getNodeName();
            if (nodeName == null || !nodes.mine(nodeName)) {
                continue;
            }
            alive.add(pod.getMetadata().getUid());
            if (!view.node(nodeName).map(Nodes::ready).orElse(false)) {
                continue; // a NotReady kubelet reports nothing: its pods keep their last status, as on a real cluster
            }
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                Writes.quietly(() -> client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .withGracePeriod(0).delete());
                continue;
            }
            List<ActiveFault> holding = faults.holding(pod, view, now);
            PodHistory history = histories.computeIfAbsent(pod.getMetadata().getUid(), k -> new PodHistory(now));
            write(pod, PodStatuses.of(pod, nodes.hostIP(nodeName), history, holding, now));
            events.emit(pod, holding, now);
        }
        histories.keySet().retainAll(alive);
        memory.retain(alive);
        events.retain(alive);
    }

    private void write(Pod pod, PodStatus desired) {
        String uid = pod.getMetadata().getUid();
        if (!memory.mustWrite(uid, desired, essentials(pod.getStatus()), essentials(desired))) {
            return;
        }
        boolean ok = Writes.quietly(() -> client.pods().inNamespace(pod.getMetadata().getNamespace())
                .resource(new PodBuilder(pod).withStatus(desired).build()).updateStatus());
        if (ok) {
            memory.written(uid, desired);
        }
    }

    /** What must match on the server: phase, condition statuses, and each container's readiness and state. */
    static List<Object> essentials(PodStatus s) {
        if (s == null) {
            return List.of();
        }
        List<Object> conditions = Optional.ofNullable(s.getConditions()).orElse(List.of()).stream()
                .map(c -> c.getType() + "=" + c.getStatus()).sorted().map(Object.class::cast).toList();
        List<Object> containers = Stream.concat(Optional.ofNullable(s.getInitContainerStatuses()).orElse(List.of()).stream(),
                Optional.ofNullable(s.getContainerStatuses()).orElse(List.of()).stream()).map(KubeletEmulator::essentials).toList();
        return List.of(Objects.toString(s.getPhase()), conditions, containers);
    }

    private static Object essentials(ContainerStatus c) {
        var st = c.getState();
        String state = st == null ? "none" : st.getRunning() != null ? "running" : st.getTerminated() != null
                ? "terminated:" + st.getTerminated().getReason() : st.getWaiting() != null ? "waiting:" + st.getWaiting().getReason() : "none";
        return c.getName() + "/" + c.getReady() + "/" + state + "/" + c.getRestartCount();
    }
}
