package io.kubemedic.core.safety;

import java.time.Instant;

/**
 * How many watched workloads exist and how many are unhealthy now, plus when the unhealthy share was last
 * above the storm threshold ({@code null} if never), as kept by {@link StormTracker}.
 */
public record ClusterHealth(int watchedWorkloads, int unhealthyWorkloads, Instant lastStormAt) {

    public static ClusterHealth calm() {
        return new ClusterHealth(0, 0, null);
    }

    public double unhealthyShare() {
        return watchedWorkloads == 0 ? 0 : (double) unhealthyWorkloads / watchedWorkloads;
    }
}
