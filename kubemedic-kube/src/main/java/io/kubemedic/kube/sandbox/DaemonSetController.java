package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The DaemonSet controller of 1.20: one pod per node the template fits (node selector, affinity, taints; a cordoned
 * node counts as tainted unschedulable:NoSchedule, which daemon pods tolerate, so as on a real 1.20 cluster it keeps
 * and regains its daemon pod, while a NotReady node, tainted not-ready:NoSchedule, gets no new one but keeps what it
 * has), a failed or deleted pod recreated, surplus pods removed; a RollingUpdate replaces old pods while no more than
 * maxUnavailable (default 1) nodes lack an available pod; and the status counts.
 */
final class DaemonSetController {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private final ApiWrites writes;
    private final Clock clock;

    DaemonSetController(ApiWrites writes, Clock clock) {
        this.writes = writes;
        this.clock = clock;
    }

    void reconcile(ControlPlaneView view) {
        for (DaemonSet ds : view.daemonSets()) {
            if (ds.getSpec() == null || ds.getSpec().getTemplate() == null) {
                continue;
            }
            sync(ds, view.nodes(), view.podsOf(ds).stream().filter(p -> !PodStates.terminating(p)).toList());
        }
    }

    private void sync(DaemonSet ds, List<Node> nodes, List<Pod> pods) {
        String hash = Templates.hash(ds.getSpec().getTemplate(), ds.getStatus() == null ? null : ds.getStatus().getCollisionCount());
        Map<String, List<Pod>> byNode = new HashMap<>();
        pods.stream().sorted(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
                .forEach(p -> byNode.computeIfAbsent(String.valueOf(DaemonPods.nodeOf(p)), k -> new ArrayList<>()).add(p));
        PodSpec simulated = DaemonPods.simulated(ds);
        Set<String> shouldRun = new HashSet<>();
        Set<Pod> deleted = new HashSet<>();
        boolean active = ds.getMetadata().getDeletionTimestamp() == null;
        for (Node node : nodes) {
            String name = node.getMetadata().getName();
            String pinned = simulated.getNodeName();
            boolean fits = (pinned == null || pinned.isEmpty() || pinned.equals(name)) && Tolerations.matchesNode(simulated, node);
            boolean run = fits && Tolerations.toleratesTaints(simulated, node, false);
            boolean keep = fits && Tolerations.toleratesTaints(simulated, node, true);
            List<Pod> here = byNode.getOrDefault(name, List.of());
            if (run) {
                shouldRun.add(name);
            }
            if (!active) {
                continue;
            }
            if (run && here.isEmpty()) {
                writes.create(DaemonPods.forNode(ds, name, hash));
            } else if (keep) {
                List<Pod> failed = here.stream().filter(p -> "Failed".equals(PodStates.phase(p))).toList();
                List<Pod> running = here.stream().filter(p -> !failed.contains(p)).toList();
                deleted.addAll(failed);
                deleted.addAll(running.stream().skip(1).toList());
            } else {
                deleted.addAll(here);
            }
        }
        if (active) {
            deleted.addAll(rollingUpdate(ds, shouldRun, byNode, hash, deleted));
            deleted.forEach(writes::delete);
        }
        writeStatus(ds, shouldRun, byNode, hash);
    }

    private List<Pod> rollingUpdate(DaemonSet ds, Set<String> shouldRun, Map<String, List<Pod>> byNode, String hash, Set<Pod> deleted) {
        var strategy = ds.getSpec().getUpdateStrategy();
        if (strategy != null && "OnDelete".equals(strategy.getType())) {
            return List.of();
        }
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        Instant now = clock.instant();
        var maxUnavailableValue = strategy == null || strategy.getRollingUpdate() == null ? null : strategy.getRollingUpdate().getMaxUnavailable();
        int maxUnavailable = IntOrPercent.scaled(maxUnavailableValue, 1, shouldRun.size(), true);
        int unavailable = (int) shouldRun.stream().filter(n -> byNode.getOrDefault(n, List.of()).stream().noneMatch(p -> PodStates.available(p, minReady, now))).count();
        List<Pod> old = shouldRun.stream().sorted().flatMap(n -> byNode.getOrDefault(n, List.of()).stream())
                .filter(p -> !deleted.contains(p) && !hash.equals(label(p))).toList();
        List<Pod> out = new ArrayList<>(old.stream().filter(p -> !PodStates.available(p, minReady, now)).toList());
        for (Pod p : old) {
            if (unavailable >= maxUnavailable) {
                break;
            }
            if (PodStates.available(p, minReady, now)) {
                out.add(p);
                unavailable++;
            }
        }
        return out;
    }

    private void writeStatus(DaemonSet ds, Set<String> shouldRun, Map<String, List<Pod>> byNode, String hash) {
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        Instant now = clock.instant();
        int current = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        for (String node : shouldRun) {
            List<Pod> here = byNode.getOrDefault(node, List.of());
            if (here.isEmpty()) {
                continue;
            }
            current++;
            Pod first = here.getFirst();
            ready += PodStates.ready(first) ? 1 : 0;
            available += PodStates.available(first, minReady, now) ? 1 : 0;
            updated += hash.equals(label(first)) ? 1 : 0;
        }
        int misscheduled = (int) byNode.keySet().stream().filter(n -> !shouldRun.contains(n) && !"null".equals(n)).count();
        DaemonSetStatus status = new DaemonSetStatusBuilder().withObservedGeneration(ds.getMetadata().getGeneration())
                .withDesiredNumberScheduled(shouldRun.size()).withCurrentNumberScheduled(current).withNumberMisscheduled(misscheduled)
                .withNumberReady(ready).withNumberAvailable(DeploymentStatuses.nz(available))
                .withNumberUnavailable(DeploymentStatuses.nz(shouldRun.size() - available)).withUpdatedNumberScheduled(DeploymentStatuses.nz(updated))
                .withCollisionCount(ds.getStatus() == null ? null : ds.getStatus().getCollisionCount()).build();
        if (!Objects.equals(status, ds.getStatus())) {
            DaemonSet copy = KUBE.clone(ds);
            copy.setStatus(status);
            writes.updateStatus(copy);
        }
    }

    private static String label(Pod p) {
        return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(DaemonPods.HASH_LABEL);
    }
}
