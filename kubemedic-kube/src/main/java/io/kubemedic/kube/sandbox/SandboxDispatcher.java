package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CRUD mock server's dispatcher, plus what CRUD mode gets wrong (see KUBE-NOTES): the {@code pods/eviction}
 * subresource, served as the real API server does it (PodDisruptionBudgets checked, then the pod deleted through
 * the store so watches fire), and {@code pods/log}, served from text the emulator sets.
 */
public final class SandboxDispatcher extends KubernetesCrudDispatcher {

    private static final Pattern EVICTION = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction(\\?.*)?$");
    private static final Pattern LOG = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?$");

    /** One eviction request as the API server saw it; {@code receivedNanos} is System.nanoTime() on arrival. */
    public record EvictionRecord(String namespace, String pod, long receivedNanos, Instant receivedAt, int status) {
    }

    private final KubernetesSerialization json = new KubernetesSerialization();
    private final List<EvictionRecord> evictions = new CopyOnWriteArrayList<>();
    private final Map<String, String> logs = new ConcurrentHashMap<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        Matcher m = EVICTION.matcher(path);
        if ("POST".equals(request.getMethod()) && m.matches()) {
            long arrived = System.nanoTime();
            MockResponse response = evict(m.group(1), m.group(2));
            evictions.add(new EvictionRecord(m.group(1), m.group(2), arrived, Instant.now(), response.code()));
            return response;
        }
        Matcher l = LOG.matcher(path);
        if ("GET".equals(request.getMethod()) && l.matches()) {
            if (pod(l.group(1), l.group(2)) == null) {
                return status(404, "NotFound", "pods \"" + l.group(2) + "\" not found");
            }
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                    .setBody(logs.getOrDefault(l.group(1) + "/" + l.group(2), ""));
        }
        return super.dispatch(request);
    }

    public List<EvictionRecord> evictions() {
        return List.copyOf(evictions);
    }

    public void setPodLog(String namespace, String pod, String text) {
        logs.put(namespace + "/" + pod, text);
    }

    private MockResponse evict(String ns, String name) {
        Pod pod = pod(ns, name);
        if (pod == null) {
            return status(404, "NotFound", "pods \"" + name + "\" not found");
        }
        if (SandboxPods.ready(pod)) {
            List<Pod> pods = json.unmarshal(handleGet("/api/v1/namespaces/" + ns + "/pods").getBody().readUtf8(), PodList.class).getItems();
            for (PodDisruptionBudget pdb : budgets(ns)) {
                if (Disruptions.selects(pdb, pod) && Disruptions.allowed(pdb, pods) <= 0) {
                    return status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
                }
            }
        }
        handleDelete("/api/v1/namespaces/" + ns + "/pods/" + name);
        return status(201, null, "Success");
    }

    private Pod pod(String ns, String name) {
        MockResponse r = handleGet("/api/v1/namespaces/" + ns + "/pods/" + name);
        return r.code() == 200 ? json.unmarshal(r.getBody().readUtf8(), Pod.class) : null;
    }

    private List<PodDisruptionBudget> budgets(String ns) {
        MockResponse r = handleGet("/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets");
        return r.code() == 200 ? json.unmarshal(r.getBody().readUtf8(), PodDisruptionBudgetList.class).getItems() : List.of();
    }

    private static MockResponse status(int code, String reason, String message) {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"" + (code < 300 ? "Success" : "Failure")
                + "\",\"code\":" + code + (reason == null ? "" : ",\"reason\":\"" + reason + "\"")
                + ",\"message\":\"" + message.replace("\"", "\\\"") + "\"}";
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }
}
