package io.kubemedic.core.safety;

import io.kubemedic.core.config.KubemedicConfig;

import java.time.Instant;

/**
 * Remembers when the unhealthy share was last above {@code storm.threshold}, so {@link StormGuard} can keep acting
 * suspended for {@code storm.cooldown} after a storm rather than resuming the moment the share dips once.
 * The only stateful piece of the storm rule; thread-safe, so every worker can report what it observes.
 */
public final class StormTracker {

    private final KubemedicConfig config;
    private ClusterHealth current = ClusterHealth.calm();

    public StormTracker(KubemedicConfig config) {
        this.config = config;
    }

    /**
     * Records one count of watched and unhealthy workloads and returns the health to hand to the guards.
     * Observations that arrive out of order never move the last storm time backwards.
     */
    public synchronized ClusterHealth observe(Instant now, int watched, int unhealthy) {
        Instant last = current.lastStormAt();
        boolean newer = last == null || now.isAfter(last);
        if (newer && StormGuard.storming(new ClusterHealth(watched, unhealthy, last), config)) {
            last = now;
        }
        current = new ClusterHealth(watched, unhealthy, last);
        return current;
    }

    /** The health as of the latest observation. */
    public synchronized ClusterHealth current() {
        return current;
    }
}
