package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Configuration a pod cannot run well with, found in its spec and the existence of what it refers to: a ConfigMap
 * or Secret it needs that is missing, a probe aimed at a port no container exposes, a container without limits.
 * Pure: the caller reads which ConfigMaps and Secrets exist.
 */
public final class PodConfigChecks {

    /** One problem, for a human or an agent. */
    public record Problem(String severity, String type, String container, String message) {
    }

    private PodConfigChecks() {
    }

    /** ConfigMaps the pod needs (not marked optional), from env, envFrom and volumes. */
    public static Set<String> configMaps(Pod pod) {
        Set<String> out = new LinkedHashSet<>();
        for (Container c : containers(pod)) {
            for (EnvVar e : list(c.getEnv())) {
                if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null && !isTrue(e.getValueFrom().getConfigMapKeyRef().getOptional())) {
                    out.add(e.getValueFrom().getConfigMapKeyRef().getName());
                }
            }
            for (EnvFromSource e : list(c.getEnvFrom())) {
                if (e.getConfigMapRef() != null && !isTrue(e.getConfigMapRef().getOptional())) {
                    out.add(e.getConfigMapRef().getName());
                }
            }
        }
        for (Volume v : list(pod.getSpec().getVolumes())) {
            if (v.getConfigMap() != null && !isTrue(v.getConfigMap().getOptional())) {
                out.add(v.getConfigMap().getName());
            }
            if (v.getProjected() != null) {
                for (VolumeProjection p : list(v.getProjected().getSources())) {
                    if (p.getConfigMap() != null && !isTrue(p.getConfigMap().getOptional())) {
                        out.add(p.getConfigMap().getName());
                    }
                }
            }
        }
        out.remove(null);
        return out;
    }

    /** Secrets the pod needs (not marked optional), from env, envFrom and volumes. */
    public static Set<String> secrets(Pod pod) {
        Set<String> out = new LinkedHashSet<>();
        for (Container c : containers(pod)) {
            for (EnvVar e : list(c.getEnv())) {
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null && !isTrue(e.getValueFrom().getSecretKeyRef().getOptional())) {
                    out.add(e.getValueFrom().getSecretKeyRef().getName());
                }
            }
            for (EnvFromSource e : list(c.getEnvFrom())) {
                if (e.getSecretRef() != null && !isTrue(e.getSecretRef().getOptional())) {
                    out.add(e.getSecretRef().getName());
                }
            }
        }
        for (Volume v : list(pod.getSpec().getVolumes())) {
            if (v.getSecret() != null && !isTrue(v.getSecret().getOptional())) {
                out.add(v.getSecret().getSecretName());
            }
            if (v.getProjected() != null) {
                for (VolumeProjection p : list(v.getProjected().getSources())) {
                    if (p.getSecret() != null && !isTrue(p.getSecret().getOptional())) {
                        out.add(p.getSecret().getName());
                    }
                }
            }
        }
        out.remove(null);
        return out;
    }

    public static List<Problem> check(Pod pod, Map<String, Boolean> configMapsExist, Map<String, Boolean> secretsExist) {
        List<Problem> out = new ArrayList<>();
        configMapsExist.forEach((name, exists) -> {
            if (!exists) {
                out.add(new Problem("critical", "MissingConfigMap", null, "ConfigMap " + name + " is referenced by the pod but does not exist"));
            }
        });
        secretsExist.forEach((name, exists) -> {
            if (!exists) {
                out.add(new Problem("critical", "MissingSecret", null, "Secret " + name + " is referenced by the pod but does not exist"));
            }
        });
        for (Container c : list(pod.getSpec().getContainers())) {
            probe(c, c.getLivenessProbe(), "liveness", out);
            probe(c, c.getReadinessProbe(), "readiness", out);
            probe(c, c.getStartupProbe(), "startup", out);
            boolean memory = c.getResources() != null && c.getResources().getLimits() != null && c.getResources().getLimits().containsKey("memory");
            boolean cpu = c.getResources() != null && c.getResources().getLimits() != null && c.getResources().getLimits().containsKey("cpu");
            if (!memory || !cpu) {
                out.add(new Problem("warning", "NoResourceLimits", c.getName(), "container " + c.getName() + " has no "
                        + (!memory && !cpu ? "memory or CPU" : !memory ? "memory" : "CPU") + " limit: it can starve its neighbours, and Kubemedic cannot raise what is not set"));
            }
        }
        return out;
    }

    /** A probe on a port (number or name) that no container of the pod declares. */
    private static void probe(Container c, Probe p, String kind, List<Problem> out) {
        if (p == null) {
            return;
        }
        IntOrString port = p.getHttpGet() != null ? p.getHttpGet().getPort() : p.getTcpSocket() != null ? p.getTcpSocket().getPort() : null;
        if (port == null || list(c.getPorts()).isEmpty()) {
            return; // no declared ports: the port list is informational in Kubernetes, nothing to compare with
        }
        boolean exposed = list(c.getPorts()).stream().anyMatch((ContainerPort cp) -> port.getIntVal() != null
                ? port.getIntVal().equals(cp.getContainerPort()) : port.getStrVal() != null && port.getStrVal().equals(cp.getName()));
        if (!exposed) {
            out.add(new Problem("warning", "ProbePortNotExposed", c.getName(), kind + " probe of container " + c.getName() + " targets port "
                    + (port.getIntVal() != null ? port.getIntVal() : port.getStrVal()) + ", which the container does not expose"));
        }
    }

    private static List<Container> containers(Pod pod) {
        return Stream.concat(list(pod.getSpec().getInitContainers()).stream(), list(pod.getSpec().getContainers()).stream()).toList();
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
