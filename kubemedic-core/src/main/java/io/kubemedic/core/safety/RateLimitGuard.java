package io.kubemedic.core.safety;

import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;

import java.time.Duration;
import java.time.Instant;

/**
 * Caps how much Kubemedic changes per hour, across the cluster ({@code rateLimit.global}) and in any one namespace
 * ({@code rateLimit.perNamespace}), so a wrong diagnosis repeated everywhere stays a small mistake.
 * Cluster-scoped targets (Nodes) share one budget of their own. The window is the hour before now, inclusive; dry-run entries count too, so both modes decide alike.
 */
public final class RateLimitGuard implements Guard {

    static final Duration WINDOW = Duration.ofHours(1);

    @Override
    public String name() {
        return "rate-limit";
    }

    @Override
    public GuardVerdict check(Step step, GuardContext context) {
        Instant since = context.now().minus(WINDOW);
        int global = context.ledger().countSince(since);
        int globalLimit = context.config().rateLimitGlobal();
        if (global >= globalLimit) {
            return GuardVerdict.of(Decision.HOLD, Reason.RATE_LIMIT_GLOBAL,
                    global + " actions in the cluster in the last hour, limit " + globalLimit, name());
        }
        String namespace = step.namespace();
        int inNamespace = context.ledger().countInNamespaceSince(namespace, since);
        int namespaceLimit = context.config().rateLimitPerNamespace();
        if (inNamespace >= namespaceLimit) {
            return GuardVerdict.of(Decision.HOLD, Reason.RATE_LIMIT_NAMESPACE,
                    inNamespace + " actions " + (namespace == null ? "on cluster-scoped objects" : "in namespace " + namespace)
                            + " in the last hour, limit " + namespaceLimit, name());
        }
        return GuardVerdict.allow();
    }
}
