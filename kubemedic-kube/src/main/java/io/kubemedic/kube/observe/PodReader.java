package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Live reads about one pod for the agent tools (diagnose, analyze logs, resource usage): the pod, its events, its
 * logs, whether the ConfigMaps and Secrets it names exist, its metrics. Reads only. Secret values are read for one
 * purpose, masking them in logs ({@link #secretValues}); they never leave this layer otherwise.
 */
public final class PodReader {

    /** Why something could not be read, in words an agent can pass on. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    private final KubernetesClient client;

    public PodReader(KubernetesClient client) {
        this.client = client;
    }

    public Optional<Pod> pod(String namespace, String name) {
        return Optional.ofNullable(read(() -> client.pods().inNamespace(namespace).withName(name).get(), "pod " + namespace + "/" + name));
    }

    /** The pod's events, newest last. */
    public List<Event> events(String namespace, String pod) {
        List<Event> events = read(() -> client.v1().events().inNamespace(namespace).withField("involvedObject.name", pod).list().getItems(),
                "events of " + namespace + "/" + pod);
        List<Event> out = new ArrayList<>(events);
        out.sort(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getEventTime())));
        return out;
    }

    /** The last lines of a container's log; {@code previous} reads the last terminated instance. */
    public List<String> logs(String namespace, String pod, String container, int tailLines, Integer sinceSeconds, boolean previous) {
        String text = read(() -> {
            var c = client.pods().inNamespace(namespace).withName(pod).inContainer(container);
            var source = previous ? c.terminated() : c;
            return sinceSeconds == null ? source.tailingLines(tailLines).getLog() : source.sinceSeconds(sinceSeconds).tailingLines(tailLines).getLog();
        }, "logs of " + namespace + "/" + pod + "[" + container + "]" + (previous ? " (previous)" : ""));
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\r?\n", -1)).stream().filter(l -> !l.isEmpty()).toList();
    }

    /** Which of the named ConfigMaps exist. */
    public Map<String, Boolean> configMapsExist(String namespace, Collection<String> names) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, read(() -> client.configMaps().inNamespace(namespace).withName(n).get(), "ConfigMap " + namespace + "/" + n) != null);
        }
        return out;
    }

    /** Which of the named Secrets exist (their data is not looked at). */
    public Map<String, Boolean> secretsExist(String namespace, Collection<String> names) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, secret(namespace, n).isPresent());
        }
        return out;
    }

    /**
     * The decoded values of the named Secrets, only so that they can be masked wherever they appear in logs; an
     * unreadable Secret (no RBAC) contributes nothing.
     */
    public Set<String> secretValues(String namespace, Collection<String> names) {
        Set<String> values = new HashSet<>();
        for (String n : names) {
            try {
                secret(namespace, n).ifPresent(s -> {
                    if (s.getData() != null) {
                        s.getData().values().forEach(v -> values.add(new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
                    }
                    if (s.getStringData() != null) {
                        values.addAll(s.getStringData().values());
                    }
                });
            } catch (Unavailable | IllegalArgumentException e) {
                // not readable: the redactor's patterns still apply
            }
        }
        values.removeIf(v -> v.length() < 4); // too short to mask without masking ordinary words
        return values;
    }

    /** The pod's usage from metrics.k8s.io; {@link Unavailable} when the metrics API is not served or has no sample. */
    public PodMetrics metrics(String namespace, String pod) {
        try {
            PodMetrics m = client.top().pods().metrics(namespace, pod);
            if (m == null) {
                throw new Unavailable("metrics.k8s.io has no sample for pod " + namespace + "/" + pod + " yet");
            }
            return m;
        } catch (KubernetesClientException e) {
            throw new Unavailable(e.getCode() == 404
                    ? "metrics.k8s.io is not available on this cluster, or has no sample for " + namespace + "/" + pod + " (is metrics-server installed?)"
                    : "cannot read metrics.k8s.io: " + ApiErrors.describe(e));
        }
    }

    private Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(read(() -> client.secrets().inNamespace(namespace).withName(name).get(), "Secret " + namespace + "/" + name));
    }

    private static <T> T read(java.util.function.Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw new Unavailable("cannot read " + what + ": " + ApiErrors.describe(e));
        }
    }
}
