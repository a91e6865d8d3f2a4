package io.kubemedic.kube.action;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

/**
 * One remediation, applied through the Kubernetes API only. Implementations are idempotent (already done answers
 * NO_OP) and carry preconditions from the snapshot the decision was made on, so nothing acts on stale state.
 */
public interface RemediationAction {

    ActionType type();

    ActionResult execute(Step step, TargetSnapshot snapshot);
}
