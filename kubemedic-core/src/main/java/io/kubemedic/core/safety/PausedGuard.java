package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Lets a team take one object or a whole namespace out of Kubemedic's hands with an annotation,
 * without touching Kubemedic's own configuration: {@code kubemedic.io/paused=true} on the Namespace,
 * the Deployment/StatefulSet, the target Pod or the target Node.
 */
public final class PausedGuard implements Guard {

    public static final String ANNOTATION = "kubemedic.io/paused";

    @Override
    public String name() {
        return "paused";
    }

    @Override
    public GuardVerdict check(Step step, GuardContext context) {
        TargetSnapshot snapshot = context.snapshot();
        if (snapshot == null) {
            return GuardVerdict.allow();
        }
        List<HasMetadata> candidates = new ArrayList<>();
        candidates.add(snapshot.namespace());
        candidates.add(snapshot.deployment());
        candidates.add(snapshot.statefulSet());
        Pods.target(step, context).ifPresent(candidates::add);
        candidates.add(snapshot.node());
        return candidates.stream()
                .filter(PausedGuard::paused)
                .findFirst()
                .map(o -> GuardVerdict.of(Decision.DENY, Reason.PAUSED,
                        describe(o) + " carries " + ANNOTATION + "=true", name()))
                .orElseGet(GuardVerdict::allow);
    }

    private static boolean paused(HasMetadata object) {
        Optional<String> value = Pods.annotation(object, ANNOTATION);
        return value.map(v -> v.trim().toLowerCase(Locale.ROOT)).filter("true"::equals).isPresent();
    }

    private static String describe(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return new ResourceRef(object.getKind() == null ? object.getClass().getSimpleName() : object.getKind(),
                namespace, Pods.name(object)).toString();
    }
}
