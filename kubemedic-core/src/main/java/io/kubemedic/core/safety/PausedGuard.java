package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Lets a team take one object or a whole namespace out of Kubemedic's hands with an annotation, without touching
 * Kubemedic's own configuration: {@code kubemedic.io/paused=true} on the Namespace, the workload, the workload's pod
 * template, the target pod or node. A workload-level action (rolling restart, memory raise, rollback, scale) touches
 * every pod of the workload, so a paused pod among them stops it too. Removing the annotation lets the incident be
 * decided again on the next pass.
 */
public final class PausedGuard implements Guard {

    public static final String ANNOTATION = "kubemedic.io/paused";

    @Override
    public String name() {
        return "paused";
    }

    @Override
    public GuardVerdict check(Step step, GuardContext context) {
        TargetSnapshot s = context.snapshot();
        if (s == null) {
            return GuardVerdict.allow();
        }
        return firstPaused(step, s)
                .map(what -> GuardVerdict.of(Decision.DENY, Reason.PAUSED, what + " carries " + ANNOTATION + "=true", name()))
                .orElseGet(GuardVerdict::allow);
    }

    private static Optional<String> firstPaused(Step step, TargetSnapshot s) {
        for (HasMetadata o : new HasMetadata[] {s.namespace(), s.deployment(), s.statefulSet(), s.daemonSet(), s.job(), s.node()}) {
            if (o != null && paused(o.getMetadata())) {
                return Optional.of(describe(o));
            }
        }
        Optional<PodTemplateSpec> template = s.podTemplate();
        if (template.isPresent() && paused(template.get().getMetadata())) {
            return Optional.of("the pod template of " + s.target());
        }
        boolean podLevel = step.target().isKind(ResourceRef.POD);
        return s.pods().stream()
                .filter(p -> !podLevel || p.getMetadata().getName().equals(step.target().name()))
                .filter(p -> paused(p.getMetadata()))
                .findFirst()
                .map(PausedGuard::describe);
    }

    private static boolean paused(ObjectMeta meta) {
        Map<String, String> annotations = meta == null ? null : meta.getAnnotations();
        String value = annotations == null ? null : annotations.get(ANNOTATION);
        return value != null && "true".equals(value.trim().toLowerCase(Locale.ROOT));
    }

    private static String describe(HasMetadata object) {
        String kind = object.getKind() == null ? object.getClass().getSimpleName() : object.getKind();
        return new ResourceRef(kind, object.getMetadata().getNamespace(), Pods.name(object)).toString();
    }
}
