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
 * the store so watches fire), {@code pods/log}, served from text the emulator sets, and a failed JSON-patch
 * {@code test} operation, answered 422 as a real server does (CRUD mode throws and leaves the request hanging).
 */
public final class SandboxDispatcher extends KubernetesCrudDispatcher {

    private static final Pattern EVICTION = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction(\\?.*)?$");
    private static final Pattern LOG = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?$");

    /** One eviction request as the API server saw it; {@code receivedNanos} is System.nanoTime() on arrival. */
    public record EvictionRecord(String namespace, String pod, long receivedNanos, Instant receivedAt, int status) {
    }

    private final KubernetesSerialization json = new KubernetesSerialization();
    private final tools.jackson.databind.json.JsonMapper jsonTree = tools.jackson.databind.json.JsonMapper.builder().build();
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
        if ("PATCH".equals(request.getMethod()) && String.valueOf(request.getHeader("Content-Type")).startsWith("application/json-patch+json")) {
            String failed = failedTest(path, new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8));
            if (failed != null) {
                return status(422, "Invalid", failed);
            }
        }
        return super.dispatch(request);
    }

    /**
     * CRUD mode throws on a JSON patch whose {@code test} operation fails and never answers; a real API server
     * answers 422. So the tests are checked here first; the first one that fails is described, else null.
     */
    private String failedTest(String path, String body) {
        tools.jackson.databind.JsonNode ops = jsonTree.readTree(body);
        if (ops == null || !ops.isArray()) {
            return null;
        }
        tools.jackson.databind.JsonNode current = null;
        for (tools.jackson.databind.JsonNode op : ops) {
            if (!"test".equals(op.path("op").asString())) {
                continue;
            }
            if (current == null) {
                MockResponse r = handleGet(path.contains("?") ? path.substring(0, path.indexOf('?')) : path);
                if (r.code() != 200) {
                    return null;
                }
                current = jsonTree.readTree(r.getBody().readUtf8());
            }
            tools.jackson.databind.JsonNode actual = current.at(op.path("path").asString());
            if (!actual.equals(op.path("value"))) {
                return "the JSON patch test at " + op.path("path").asString() + " failed: expected " + op.path("value") + ", found " + actual;
            }
        }
        return null;
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
