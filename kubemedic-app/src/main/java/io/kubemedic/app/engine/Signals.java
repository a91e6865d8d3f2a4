package io.kubemedic.app.engine;

import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.List;

/**
 * Findings that come from outside the cluster's own state: an alert whose evidence only Prometheus has (a memory
 * leak), or an explicit request through the workflow bridge. Asked on every pass with the snapshot just read, so a
 * signal is only as good as the state it still matches (a leak alert about a pod that has been replaced says nothing).
 * Called on worker threads: implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface Signals {

    List<Finding> findings(TargetSnapshot snapshot);

    Signals NONE = s -> List.of();
}
