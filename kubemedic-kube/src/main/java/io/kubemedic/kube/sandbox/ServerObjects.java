package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Any object by kind and name, read and written as a typed fabric8 object in the version the server serves, and
 * converted to maps for field paths. One place for "which apiVersion does this server have" (a scenario says
 * policy/v1 PodDisruptionBudget; kube-apiserver 1.20 serves only policy/v1beta1), so every caller gets it right.
 */
final class ServerObjects {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private final KubernetesClient client;
    private final boolean real;
    private final Map<String, Boolean> served = new ConcurrentHashMap<>();

    ServerObjects(KubernetesClient client, boolean real) {
        this.client = client;
        this.real = real;
    }

    /** The version of {@code kind} this server serves: {@code apiVersion} itself, or its newest served fallback. */
    String servedVersion(String apiVersion, String kind) {
        if (!real || serves(apiVersion, kind)) {
            return apiVersion;
        }
        return Kinds.fallbacks(apiVersion, kind).stream().filter(v -> serves(v, kind)).findFirst().orElse(apiVersion);
    }

    private boolean serves(String apiVersion, String kind) {
        return served.computeIfAbsent(apiVersion + " " + kind, k -> {
            try {
                APIResourceList list = client.getApiResources(apiVersion);
                return list != null && list.getResources().stream().anyMatch(r -> kind.equals(r.getKind()));
            } catch (KubernetesClientException e) {
                return false;
            }
        });
    }

    /** The object as this server should receive it: same content, in a version it serves. */
    HasMetadata served(HasMetadata o) {
        String version = servedVersion(o.getApiVersion(), o.getKind());
        if (version.equals(o.getApiVersion())) {
            return o;
        }
        Map<String, Object> map = asMap(o);
        map.put("apiVersion", version);
        return fromMap(map);
    }

    /** The object, or null when it does not exist. {@code apiVersion} may be null for the kinds {@link Kinds} knows. */
    HasMetadata get(String apiVersion, String kind, String namespace, String name) {
        String version = apiVersion != null ? apiVersion : Kinds.apiVersion(kind);
        if (version == null) {
            throw new ScenarioException("cannot read " + kind + "/" + name + ": unknown kind (create it in objects with its apiVersion)");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        if (namespace != null && Kinds.namespaced(kind)) {
            metadata.put("namespace", namespace);
        }
        HasMetadata skeleton = fromMap(new LinkedHashMap<>(Map.of("apiVersion", servedVersion(version, kind), "kind", kind, "metadata", metadata)));
        return client.resource(skeleton).get();
    }

    HasMetadata get(Scenario.Target target, String namespace) {
        return get(null, target.kind(), namespace, target.name());
    }

    HasMetadata create(HasMetadata o) {
        return client.resource(served(o)).create();
    }

    /** Replaces the object (PUT with its resourceVersion): a concurrent change answers 409 and the caller retries. */
    HasMetadata update(HasMetadata o) {
        return client.resource(o).update();
    }

    boolean delete(String kind, String namespace, String name) {
        HasMetadata o = get(null, kind, namespace, name);
        return o != null && !client.resource(o).delete().isEmpty();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return KUBE.convertValue(o, LinkedHashMap.class);
    }

    static HasMetadata fromMap(Map<String, Object> map) {
        return KUBE.unmarshal(KUBE.asJson(map));
    }
}
