package io.kubemedic.kube.observe;

/**
 * How many workloads the observer watches and how many of them have a visibly failing pod right now, read from the
 * caches at the moment of a decision (the numbers behind storm mode).
 */
public record WorkloadCounts(int watched, int unhealthy) {
}
