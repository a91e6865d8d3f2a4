package io.kubemedic.core.diagnosis;

import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.List;

/**
 * Recognises one failure mode in a snapshot. Pure: no client, no clock, no I/O.
 * Implementations are registered explicitly in {@link Diagnosers#defaults}.
 */
public interface Diagnoser {

    /** Short stable name, used in logs and docs. */
    String name();

    /**
     * Whether this diagnoser reads node targets rather than workloads and pods. A Node snapshot carries the pods
     * scheduled on it (for drain decisions); their faults belong to their own workloads' incidents, not the node's.
     */
    default boolean forNodes() {
        return false;
    }

    /** The findings for this failure mode; empty when the target shows none. */
    List<Finding> diagnose(TargetSnapshot snapshot);
}
