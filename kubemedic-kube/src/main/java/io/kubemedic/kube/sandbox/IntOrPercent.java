package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * {@code intstr.GetScaledValueFromIntOrPercent} from Kubernetes: an absolute number, or a percentage of a total
 * rounded up or down. The controllers disagree on the direction on purpose (a Deployment's maxSurge rounds up and
 * its maxUnavailable down; a PodDisruptionBudget rounds both up), so the caller says which.
 */
final class IntOrPercent {

    private IntOrPercent() {
    }

    /**
     * @param value  the field's value; null means {@code fallback}
     * @throws IllegalArgumentException for a string that is not a percentage, as the real helper errors
     */
    static int scaled(IntOrString value, int fallback, int total, boolean roundUp) {
        if (value == null) {
            return fallback;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s == null || !s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid value \"" + s + "\": must be an integer or a percentage");
        }
        int percent = Integer.parseInt(s.substring(0, s.length() - 1).trim());
        long scaled = (long) percent * total;
        return (int) (roundUp ? Math.ceilDiv(scaled, 100L) : Math.floorDiv(scaled, 100L));
    }

    static int scaled(IntOrString value, String fallbackPercent, int total, boolean roundUp) {
        return scaled(value == null ? new IntOrString(fallbackPercent) : value, 0, total, roundUp);
    }
}
