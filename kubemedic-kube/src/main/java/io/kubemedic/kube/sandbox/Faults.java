package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The injected faults of every scenario in a run, and the questions the emulators ask of them: which faults hold
 * for this pod or node now, and may the scheduler bind this pod.
 */
final class Faults {

    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

    private final List<ScenarioRun> runs;
    private final List<ActiveFault> active = new CopyOnWriteArrayList<>();

    Faults(List<ScenarioRun> runs) {
        this.runs = List.copyOf(runs);
    }

    void add(ActiveFault fault) {
        active.add(fault);
        LOG.info("scenario player: injected {}", fault);
    }

    List<ActiveFault> all() {
        return List.copyOf(active);
    }

    List<ActiveFault> of(String scenario) {
        return active.stream().filter(a -> a.run.name().equals(scenario)).toList();
    }

    boolean injected(ScenarioRun run, int index) {
        return active.stream().anyMatch(a -> a.run == run && a.index == index);
    }

    /** The pod faults in effect on this pod now, in the scenario's order. */
    List<ActiveFault> holding(Pod pod, ClusterView view, Instant now) {
        String ns = pod.getMetadata().getNamespace();
        return active.stream().filter(a -> !a.fault.type().onNode() && a.run.namespace.equals(ns) && a.holdsFor(pod, view, now)).toList();
    }

    /** The node faults in effect on this node now. */
    List<ActiveFault> onNode(Node node, Instant now) {
        return active.stream().filter(a -> a.fault.type().onNode() && a.holdsOnNode(node, now)).toList();
    }

    /** The injected {@code unschedulable} fault in effect on this (unbound) pod, if any. */
    Optional<ActiveFault> unschedulable(Pod pod, ClusterView view, Instant now) {
        return holding(pod, view, now).stream().filter(a -> a.fault.type() == FaultType.UNSCHEDULABLE).findFirst();
    }

    /**
     * Whether the scheduler must leave this pod unbound: an {@code unschedulable} fault aims at it, injected and
     * holding, or not injected yet (a bound pod cannot be unbound, so the fault holds its pods from the start).
     */
    boolean holdsBack(Pod pod, ClusterView view, Instant now) {
        for (ScenarioRun run : runs) {
            if (!run.namespace.equals(pod.getMetadata().getNamespace())) {
                continue;
            }
            List<Scenario.Fault> faults = run.scenario.faults();
            for (int i = 0; i < faults.size(); i++) {
                Scenario.Fault f = faults.get(i);
                if (f.type() != FaultType.UNSCHEDULABLE) {
                    continue;
                }
                int index = i;
                Optional<ActiveFault> a = active.stream().filter(x -> x.run == run && x.index == index).findFirst();
                boolean holds = a.isPresent() ? a.get().holdsFor(pod, view, now) : view.belongsTo(pod, f.target(), run.namespace);
                if (holds) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Marks the faults a real fix (or time) has ended. */
    void markCleared(ClusterView view, Instant now) {
        for (ActiveFault a : active) {
            // a fault injected in this tick is judged from the next tick's view: this one was read before the tick's
            // updates were written (a bad release rolled out at the same second as its fault would read as fixed)
            if (a.clearedAt == null && a.injectedAt.isBefore(now) && a.cleared(view, now)) {
                a.clearedAt = now;
                LOG.info("scenario player: {} cleared", a);
            }
        }
    }
}
