package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The clear conditions of a fault, evaluated on what the API shows: a pod's own spec, a workload's template (both
 * read as {@code {metadata, spec}}), or a whole object. "Met" means the fix is there and the fault ends.
 */
final class FaultConditions {

    private FaultConditions() {
    }

    /** A {@code fieldNot} under {@code spec.template} of a workload is read on each pod made from it. */
    static boolean onTemplate(ActiveFault a) {
        Scenario.FieldCondition f = a.when().fieldNot();
        return f != null && Kinds.WORKLOADS.contains(a.fault.target().kind()) && f.path().startsWith(PodTemplates.TEMPLATE)
                && !f.path().equals(PodTemplates.TEMPLATE);
    }

    /** Whether one of the per-pod conditions is met on this pod (it was made from a fixed template). */
    static boolean metOnPod(ActiveFault a, Pod pod) {
        Scenario.ClearWhen c = a.when();
        if (c.memoryLimitAtLeast() == null && c.imageNot() == null && !c.templateChanged() && !onTemplate(a)) {
            return false;
        }
        return metOnPodLike(a, PodTemplates.podLike(pod));
    }

    /** Whether one of the per-pod conditions is met on the workload's current template: new pods will be healthy. */
    static boolean metOnTemplate(ActiveFault a, Map<String, Object> template) {
        return metOnPodLike(a, template);
    }

    private static boolean metOnPodLike(ActiveFault a, Map<String, Object> podLike) {
        Scenario.ClearWhen c = a.when();
        if (c.memoryLimitAtLeast() != null) {
            String container = a.fault.container() == null ? "[0]" : "[name=" + a.fault.container() + "]";
            String limit = FieldPath.parse("spec.containers" + container + ".resources.limits.memory").readText(podLike);
            if (limit != null && atLeast(limit, c.memoryLimitAtLeast())) {
                return true;
            }
        }
        if (c.imageNot() != null) {
            Object containers = FieldPath.parse("spec.containers").read(podLike);
            boolean runs = containers instanceof List<?> l && l.stream().anyMatch(x -> x instanceof Map<?, ?> m && c.imageNot().equals(m.get("image")));
            if (!runs) {
                return true;
            }
        }
        if (c.templateChanged() && !PodTemplates.fingerprint(podLike).equals(a.template)) {
            return true;
        }
        if (onTemplate(a)) {
            String value = c.fieldNot().path().after(PodTemplates.TEMPLATE).readText(podLike);
            return !Objects.equals(value, c.fieldNot().value());
        }
        return false;
    }

    /** Whether a target-wide condition is met on the object itself (its replicas, or a field outside the template). */
    static boolean metOnObject(ActiveFault a, HasMetadata o) {
        Scenario.ClearWhen c = a.when();
        Map<String, Object> map = ServerObjects.asMap(o);
        if (c.replicasAtLeast() != null) {
            Object replicas = FieldPath.parse("spec.replicas").read(map);
            if (replicas instanceof Number n && n.intValue() >= c.replicasAtLeast()) {
                return true;
            }
        }
        if (c.fieldNot() != null && !onTemplate(a)) {
            return !Objects.equals(c.fieldNot().path().readText(map), c.fieldNot().value());
        }
        return false;
    }

    static boolean atLeast(String value, String floor) {
        try {
            return Quantity.getAmountInBytes(new Quantity(value)).compareTo(Quantity.getAmountInBytes(new Quantity(floor))) >= 0;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return false;
        }
    }
}
