package io.kubemedic.core.safety;

import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.TargetSnapshot;

import java.time.Instant;

/**
 * What a guard may consult: the time (from an injected clock), settings, the target as just observed,
 * the action history, and how many watched workloads are unhealthy right now.
 *
 * @param incidentId the incident the step belongs to; the next rung of the same incident is not held by the cooldown
 * @param force      the caller asked to skip approval (never skips any other guard)
 */
public record GuardContext(Instant now, KubemedicConfig config, TargetSnapshot snapshot, ActionLedger ledger,
                           ClusterHealth health, String incidentId, boolean force) {
}
