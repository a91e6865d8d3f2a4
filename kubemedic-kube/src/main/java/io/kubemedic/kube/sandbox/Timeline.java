package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Moves every scenario along its timeline each tick: applies the updates that are due and injects the faults that
 * are due. A fault pinned to pods ({@code podRecreated}, {@code pods: N}) waits until its target has pods; a
 * {@code templateChanged} fault until its target exists; others start on time, before any pod, so a pod can be
 * broken from its first status on (an image that never pulls).
 */
final class Timeline {

    private final List<ScenarioRun> runs;
    private final Faults faults;
    private final Updates updates;
    private final Set<String> applied = ConcurrentHashMap.newKeySet();

    Timeline(List<ScenarioRun> runs, Faults faults, Updates updates) {
        this.runs = List.copyOf(runs);
        this.faults = faults;
        this.updates = updates;
    }

    void advance(ClusterView view, Duration elapsed, Instant now) {
        for (ScenarioRun run : runs) {
            List<Scenario.Update> due = run.scenario.updates();
            boolean updated = false;
            for (int i = 0; i < due.size(); i++) {
                String key = run.name() + "/" + i;
                if (!elapsed.minus(due.get(i).at()).isNegative() && !applied.contains(key) && updates.apply(run, due.get(i))) {
                    applied.add(key);
                    updated = true;
                }
            }
            if (updated) {
                continue; // this tick's view predates the update: faults due now are injected from the next tick's view
            }
            List<Scenario.Fault> list = run.scenario.faults();
            for (int i = 0; i < list.size(); i++) {
                if (!elapsed.minus(list.get(i).at()).isNegative() && !faults.injected(run, i)) {
                    inject(run, i, view, now);
                }
            }
            if (!faults.of(run.name()).isEmpty()) {
                live(view, run.namespace).forEach(p -> run.seenPods.putIfAbsent(p.getMetadata().getUid(), p.getMetadata().getName()));
            }
        }
    }

    private void inject(ScenarioRun run, int index, ClusterView view, Instant now) {
        Scenario.Fault f = run.scenario.faults().get(index);
        if (f.type().onNode()) {
            faults.add(new ActiveFault(run, index, now, null, run.realNode(f.target().name()), null));
            return;
        }
        String node = f.node() == null ? null : run.realNode(f.node());
        Map<String, Object> fingerprint = null;
        if (f.clearWhen().templateChanged()) {
            var target = view.object(f.target(), run.namespace);
            if (target.isEmpty()) {
                return;
            }
            fingerprint = PodTemplates.fingerprint(PodTemplates.template(target.get()));
        }
        Set<String> pinned = null;
        if (f.clearWhen().podRecreated() || f.pods() != null) {
            List<Pod> candidates = live(view, run.namespace).stream().filter(p -> view.belongsTo(p, f.target(), run.namespace))
                    .filter(p -> node == null || node.equals(p.getSpec().getNodeName()))
                    .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getName())).toList();
            int want = f.pods() == null ? candidates.size() : f.pods();
            if (candidates.isEmpty() || candidates.size() < Math.min(want, expected(run, f, view))) {
                return; // wait for the pods the fault is aimed at
            }
            pinned = candidates.stream().limit(want).map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        }
        faults.add(new ActiveFault(run, index, now, pinned, node, fingerprint));
    }

    /** How many pods the target should have (its replicas), so a pinned fault is not injected into half of them. */
    private static int expected(ScenarioRun run, Scenario.Fault f, ClusterView view) {
        if (f.node() != null || "Pod".equals(f.target().kind())) {
            return 1;
        }
        return view.object(f.target(), run.namespace).map(o -> FieldPath.parse("spec.replicas").read(ServerObjects.asMap(o)))
                .filter(Number.class::isInstance).map(n -> ((Number) n).intValue()).orElse(1);
    }

    private static List<Pod> live(ClusterView view, String namespace) {
        return view.pods().stream().filter(p -> namespace.equals(p.getMetadata().getNamespace()) && p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }
}
