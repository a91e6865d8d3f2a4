package io.kubemedic.core.safety;

import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;

import java.time.Duration;
import java.time.Instant;

/**
 * When many workloads fail at once the cause is shared (a bad node pool, DNS, a broken dependency) and restarting
 * pods one by one only adds load; so above {@code storm.threshold} every mutating step escalates to a human,
 * and keeps doing so until the share has stayed below the threshold for {@code storm.cooldown}.
 * The numbers come from {@link ClusterHealth}, kept by {@link StormTracker}.
 */
public final class StormGuard implements Guard {

    @Override
    public String name() {
        return "storm";
    }

    @Override
    public GuardVerdict check(Step step, GuardContext context) {
        KubemedicConfig config = context.config();
        ClusterHealth health = context.health() == null ? ClusterHealth.calm() : context.health();
        if (storming(health, config)) {
            return GuardVerdict.of(Decision.ESCALATE, Reason.STORM, health.unhealthyWorkloads() + " of "
                    + health.watchedWorkloads() + " watched workloads are unhealthy (" + GuardText.percent(health.unhealthyShare())
                    + "), above storm.threshold " + GuardText.percent(config.stormThreshold()), name());
        }
        Instant last = health.lastStormAt();
        if (last != null && context.now().isBefore(last.plus(config.stormCooldown()))) {
            Duration remaining = Duration.between(context.now(), last.plus(config.stormCooldown()));
            return GuardVerdict.of(Decision.ESCALATE, Reason.STORM, "storm last seen at " + last + " (now "
                    + health.unhealthyWorkloads() + " of " + health.watchedWorkloads() + " unhealthy); acting resumes after storm.cooldown "
                    + GuardText.duration(config.stormCooldown()) + ", in " + GuardText.duration(remaining), name());
        }
        return GuardVerdict.allow();
    }

    /** Above the threshold right now, with enough workloads watched for the share to mean something. */
    static boolean storming(ClusterHealth health, KubemedicConfig config) {
        return health.watchedWorkloads() >= config.stormMinWorkloads() && health.unhealthyShare() > config.stormThreshold();
    }
}
