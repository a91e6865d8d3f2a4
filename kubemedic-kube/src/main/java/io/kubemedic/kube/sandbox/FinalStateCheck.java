package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a scenario's {@code finalState} against the cluster as read through the API at the end, plus anything that
 * went wrong while playing it (a refused object, a failed update): a broken scenario never passes silently.
 */
final class FinalStateCheck {

    private FinalStateCheck() {
    }

    static List<String> check(ScenarioRun run, ServerObjects server, ClusterView view) {
        List<String> failures = new ArrayList<>(run.problems);
        for (Scenario.Check c : run.scenario.expect().finalState()) {
            String failure = c.podsUnchanged() ? podsUnchanged(run, view) : c.allReady() ? allReady(run, c.object(), view) : field(run, c, server);
            if (failure != null) {
                failures.add("final state: " + c + ": " + failure);
            }
        }
        return failures;
    }

    private static List<Pod> live(ClusterView view, String namespace) {
        return view.pods().stream().filter(p -> namespace.equals(p.getMetadata().getNamespace()) && p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static String podsUnchanged(ScenarioRun run, ClusterView view) {
        Set<String> now = live(view, run.namespace).stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        List<String> gone = run.seenPods.entrySet().stream().filter(e -> !now.contains(e.getKey())).map(Map.Entry::getValue).sorted().toList();
        return gone.isEmpty() ? null : "pods were replaced or deleted: " + gone;
    }

    private static String allReady(ScenarioRun run, Scenario.Target workload, ClusterView view) {
        List<Pod> pods = live(view, run.namespace).stream().filter(p -> view.belongsTo(p, workload, run.namespace)).toList();
        long ready = pods.stream().filter(SandboxPods::ready).count();
        Object replicas = view.object(workload, run.namespace).map(o -> FieldPath.parse("spec.replicas").read(ServerObjects.asMap(o))).orElse(null);
        int desired = replicas instanceof Number n ? n.intValue() : Math.max(1, pods.size());
        if (ready < desired || ready < pods.size()) {
            return ready + " of " + pods.size() + " pods Ready (desired " + desired + ")";
        }
        return null;
    }

    private static String field(ScenarioRun run, Scenario.Check c, ServerObjects server) {
        Scenario.Target t = run.resolve(c.object());
        HasMetadata o;
        try {
            o = server.get(t, run.namespace);
        } catch (RuntimeException e) {
            return "cannot read " + t + ": " + e.getMessage();
        }
        if (c.path() == null) {
            return Objects.equals(c.exists(), o != null) ? null : (o == null ? "does not exist" : "exists");
        }
        String value = o == null ? null : c.path().readText(ServerObjects.asMap(o));
        if (c.exists() != null) {
            return c.exists() == (value != null) ? null : "found " + value;
        }
        if (c.equals() != null) {
            return c.equals().equals(value) ? null : "found " + value;
        }
        if (c.notEquals() != null) {
            return !c.notEquals().equals(value) ? null : "found " + value;
        }
        return value != null && FaultConditions.atLeast(value, c.atLeast()) ? null : "found " + value;
    }
}
