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

    /** The findings for this failure mode; empty when the target shows none. */
    List<Finding> diagnose(TargetSnapshot snapshot);
}
