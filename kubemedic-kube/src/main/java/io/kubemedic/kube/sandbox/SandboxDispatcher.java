package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CRUD mock server's dispatcher, plus what CRUD mode gets wrong (see KUBE-NOTES): the {@code pods/eviction}
 * subresource ({@link EvictionHandler}), graceful pod deletion ({@link GracefulDeletion}: a bound pod stays Terminating
 * until its kubelet confirms), {@code pods/log} served from text the emulator or a test sets, JSON
 * patches held to the real server's path rules ({@link JsonPatchCheck}) and JSON merge patches that replace lists
 * ({@link MergePatch}). Every mutating request is recorded with its
 * answer ({@link #requests()}), as a real server's audit log records it. Everything else is the CRUD store's.
 */
public final class SandboxDispatcher extends KubernetesCrudDispatcher {

    private static final Pattern EVICTION = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction(?:\\?(.*))?$");
    private static final Pattern POD = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)(?:\\?(.*))?$");
    private static final Pattern LOG = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(?:\\?.*)?$");
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    /**
     * One eviction request as the API server saw it.
     *
     * @param receivedNanos {@link System#nanoTime()} on arrival, for latency measurements
     * @param status        the HTTP status answered: 201 evicted, 429 refused by a budget, 404 no such pod
     */
    public record EvictionRecord(String namespace, String pod, long receivedNanos, Instant receivedAt, int status) {
    }

    private final List<EvictionRecord> evictions = new CopyOnWriteArrayList<>();
    private final Map<String, String> logs = new ConcurrentHashMap<>();
    private final RequestLog requests = new RequestLog();
    private final EvictionHandler eviction;
    private final GracefulDeletion graceful;
    private final JsonPatchCheck patches = new JsonPatchCheck(this);
    private final MergePatch mergePatch = new MergePatch(this);
    private final Clock clock;

    public SandboxDispatcher() {
        this(Clock.systemUTC());
    }

    SandboxDispatcher(Clock clock) {
        this.clock = clock;
        this.graceful = new GracefulDeletion(this, clock);
        this.eviction = new EvictionHandler(this, graceful, clock);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        long arrived = System.nanoTime();
        Instant at = clock.instant();
        String body = body(request); // read before the store consumes it
        MockResponse response = route(request, body, arrived, at);
        String method = request.getMethod();
        if (response != null && response.code() == 202 && ("PATCH".equals(method) || "PUT".equals(method))) {
            response.setResponseCode(200); // the CRUD store says 202 Accepted; a real server answers a write it applied with 200
        }
        if (MUTATING.contains(method)) {
            requests.record(ApiRequest.received(at, method, request.getPath(), response == null ? 0 : response.code(),
                    request.getHeader("User-Agent"), request.getHeader("Content-Type"), body));
        }
        return response;
    }

    private MockResponse route(RecordedRequest request, String body, long arrived, Instant at) {
        String path = request.getPath();
        String method = request.getMethod();
        Matcher e = EVICTION.matcher(path);
        if ("POST".equals(method) && e.matches()) {
            MockResponse response = eviction.evict(e.group(1), e.group(2), e.group(3), body);
            evictions.add(new EvictionRecord(e.group(1), e.group(2), arrived, at, response.code()));
            return response;
        }
        Matcher p = POD.matcher(path);
        if ("DELETE".equals(method) && p.matches()) {
            MockResponse marked = graceful.delete(p.group(1), p.group(2), GracefulDeletion.requested(p.group(3), body));
            if (marked != null) {
                return marked;
            }
        }
        Matcher l = LOG.matcher(path);
        if ("GET".equals(method) && l.matches()) {
            return log(l.group(1), l.group(2));
        }
        String contentType = String.valueOf(request.getHeader("Content-Type"));
        if ("PATCH".equals(method) && contentType.startsWith("application/json-patch+json")) {
            MockResponse refused = patches.failure(path, body);
            if (refused != null) {
                return refused;
            }
        }
        if ("PATCH".equals(method) && contentType.startsWith("application/merge-patch+json")) {
            MockResponse merged = mergePatch.apply(request, path, body);
            if (merged != null) {
                return merged;
            }
        }
        return super.dispatch(request);
    }

    /** Every eviction request received so far, in arrival order. */
    public List<EvictionRecord> evictions() {
        return List.copyOf(evictions);
    }

    /** Every mutating request received so far (create, update, patch, delete), in arrival order. */
    public List<ApiRequest> requests() {
        return requests.all();
    }

    /** Sets what {@code GET pods/{pod}/log} answers for a pod (empty text until set). */
    public void setPodLog(String namespace, String pod, String text) {
        logs.put(namespace + "/" + pod, text);
    }

    private MockResponse log(String namespace, String pod) {
        if (handleGet("/api/v1/namespaces/" + namespace + "/pods/" + pod).code() != 200) {
            return ApiStatus.podNotFound(pod);
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                .setBody(logs.getOrDefault(namespace + "/" + pod, ""));
    }

    private static String body(RecordedRequest request) {
        return request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    }
}
