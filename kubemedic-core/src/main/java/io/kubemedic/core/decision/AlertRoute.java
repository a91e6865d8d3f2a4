package io.kubemedic.core.decision;

import io.kubemedic.core.model.FindingType;

import java.util.Objects;

/**
 * How an alert by name becomes a finding. Kubemedic stays level-triggered: an alert only says where to look.
 * <ul>
 *   <li>{@code evidence: cluster} (the default for failure modes Kubemedic diagnoses itself, e.g. a crash loop): the
 *       alert makes Kubemedic look at the target now; it acts only if its own diagnosis of the state it re-reads agrees.</li>
 *   <li>{@code evidence: alert} (e.g. a memory leak only Prometheus can see): the alert itself is the finding, for as
 *       long as it fires and only for the pod instance it named; a pod restarted since the alert began is not leaking.</li>
 * </ul>
 *
 * @param alertname the Prometheus {@code alertname} label
 */
public record AlertRoute(String alertname, FindingType finding, boolean alertIsEvidence) {

    public AlertRoute {
        Objects.requireNonNull(alertname, "alertname");
        Objects.requireNonNull(finding, "finding");
    }
}
