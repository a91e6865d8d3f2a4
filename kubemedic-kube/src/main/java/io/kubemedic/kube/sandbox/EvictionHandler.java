package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code pods/{name}/eviction} subresource as kube-apiserver 1.20 serves it (pkg/registry/core/pod/storage/
 * eviction.go): a Pending, Succeeded, Failed or terminating pod is deleted without looking at budgets; otherwise the
 * one budget selecting the pod is judged from its status, which the disruption controller keeps: a pod that is not
 * Ready may go while {@code currentHealthy >= desiredHealthy > 0} (always, under {@code unhealthyPodEvictionPolicy:
 * AlwaysAllow} from 1.26), else a budget not yet observed or with no disruption left answers 429, and a granted
 * disruption is spent in the budget's status before the pod is deleted. Delete preconditions (uid, resourceVersion)
 * are enforced (409), {@code dryRun=All} changes nothing. One eviction at a time, so two cannot both spend the last unit.
 */
final class EvictionHandler {

    private static final int CONFLICT_RETRIES = 20;
    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private final KubernetesCrudDispatcher store;
    private final BudgetStore budgets;
    private final GracefulDeletion graceful;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    EvictionHandler(KubernetesCrudDispatcher store, GracefulDeletion graceful, Clock clock) {
        this.store = store;
        this.graceful = graceful;
        this.budgets = new BudgetStore(store);
        this.clock = clock;
    }

    synchronized MockResponse evict(String namespace, String name, String query, String body) {
        JsonNode eviction;
        try {
            eviction = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (JacksonException e) {
            return ApiStatus.failure(400, "BadRequest", "the body is not a valid Eviction: " + e.getOriginalMessage());
        }
        if (!name.equals(eviction.path("metadata").path("name").asString(""))) {
            return ApiStatus.failure(400, "BadRequest", "name in URL does not match name in Eviction object");
        }
        MockResponse read = store.handleGet(podPath(namespace, name));
        if (read.code() != 200) {
            return ApiStatus.podNotFound(name);
        }
        Pod pod = KUBE.unmarshal(read.getBody().readUtf8(), Pod.class);
        JsonNode options = eviction.path("deleteOptions");
        boolean dryRun = dryRun(query, options);
        String phase = PodStates.phase(pod);
        if ("Pending".equals(phase) || "Succeeded".equals(phase) || "Failed".equals(phase) || PodStates.terminating(pod)) {
            return delete(pod, options, dryRun);
        }
        List<Disruptions.Budget> selecting = budgets.selecting(pod);
        if (selecting.size() > 1) {
            return ApiStatus.multipleBudgets();
        }
        if (!selecting.isEmpty()) {
            Optional<MockResponse> refused = judge(selecting.getFirst(), pod, dryRun);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        return delete(pod, options, dryRun);
    }

    /** Empty when the pod may go (its disruption spent where one is needed), else the refusal. */
    private Optional<MockResponse> judge(Disruptions.Budget budget, Pod pod, boolean dryRun) {
        PodDisruptionBudgetStatus s = budget.pdb().getStatus() == null ? new PodDisruptionBudgetStatus() : budget.pdb().getStatus();
        if (!PodStates.ready(pod)) {
            if ("AlwaysAllow".equals(budget.pdb().getSpec().getUnhealthyPodEvictionPolicy())) {
                return Optional.empty();
            }
            if (n(s.getCurrentHealthy()) >= n(s.getDesiredHealthy()) && n(s.getDesiredHealthy()) > 0) {
                return Optional.empty();
            }
        }
        Disruptions.Budget current = budget;
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            Optional<MockResponse> refusal = refusal(current.pdb());
            if (refusal.isPresent() || dryRun) {
                return refusal;
            }
            if (budgets.writeStatus(spend(current, pod)) != 409) {
                return Optional.empty();
            }
            current = budgets.reread(current).orElse(current);
        }
        return Optional.of(ApiStatus.failure(504, "Timeout", "couldn't update PodDisruptionBudget \"" + budget.pdb().getMetadata().getName() + "\" due to conflicts"));
    }

    /** {@code checkAndDecrement}'s refusals, in its order. */
    private static Optional<MockResponse> refusal(PodDisruptionBudget pdb) {
        PodDisruptionBudgetStatus s = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
        String name = pdb.getMetadata().getName();
        long observed = s.getObservedGeneration() == null ? 0 : s.getObservedGeneration();
        long generation = pdb.getMetadata().getGeneration() == null ? 0 : pdb.getMetadata().getGeneration();
        if (observed < generation) {
            return Optional.of(ApiStatus.budgetRefusal("The disruption budget " + name + " is still being processed by the server."));
        }
        if (n(s.getDisruptionsAllowed()) < 0) {
            return Optional.of(ApiStatus.budgetForbidden(name, "pdb disruptions allowed is negative"));
        }
        if (s.getDisruptedPods() != null && s.getDisruptedPods().size() > 2000) {
            return Optional.of(ApiStatus.budgetForbidden(name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller"));
        }
        if (n(s.getDisruptionsAllowed()) == 0) {
            return Optional.of(ApiStatus.budgetRefusal("The disruption budget " + name + " needs " + n(s.getDesiredHealthy())
                    + " healthy pods and has " + n(s.getCurrentHealthy()) + " currently"));
        }
        return Optional.empty();
    }

    private Disruptions.Budget spend(Disruptions.Budget b, Pod pod) {
        PodDisruptionBudget pdb = KUBE.clone(b.pdb());
        PodDisruptionBudgetStatus s = pdb.getStatus();
        s.setDisruptionsAllowed(n(s.getDisruptionsAllowed()) - 1);
        Map<String, String> disrupted = new LinkedHashMap<>(s.getDisruptedPods() == null ? Map.of() : s.getDisruptedPods());
        disrupted.put(pod.getMetadata().getName(), clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        s.setDisruptedPods(disrupted);
        return new Disruptions.Budget(b.apiVersion(), pdb);
    }

    /** Deletes the pod through the store (so watches fire) after checking the delete preconditions. */
    private MockResponse delete(Pod pod, JsonNode options, boolean dryRun) {
        String uid = options.path("preconditions").path("uid").asString(null);
        String resourceVersion = options.path("preconditions").path("resourceVersion").asString(null);
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        if (uid != null && !uid.equals(pod.getMetadata().getUid())) {
            return ApiStatus.conflict("Pod", name, "the UID in the precondition (" + uid + ") does not match the UID in record ("
                    + pod.getMetadata().getUid() + "). The object might have been deleted and then recreated");
        }
        if (resourceVersion != null && !resourceVersion.equals(pod.getMetadata().getResourceVersion())) {
            return ApiStatus.conflict("Pod", name, "the ResourceVersion in the precondition (" + resourceVersion + ") does not match the ResourceVersion in record ("
                    + pod.getMetadata().getResourceVersion() + "). The object might have been modified");
        }
        if (!dryRun) {
            JsonNode grace = options.path("gracePeriodSeconds");
            MockResponse marked = graceful.delete(ns, name, grace.isNumber() ? grace.asLong() : null);
            if (marked == null) {
                store.handleDelete(podPath(ns, name));
            }
        }
        return ApiStatus.created();
    }

    /** {@code ?dryRun=All} or {@code deleteOptions.dryRun: [All]}. */
    private static boolean dryRun(String query, JsonNode options) {
        if (query != null && query.matches("(^|.*&)dryRun=All(&.*|$)")) {
            return true;
        }
        for (JsonNode v : options.path("dryRun")) {
            if ("All".equals(v.asString())) {
                return true;
            }
        }
        return false;
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    private static String podPath(String namespace, String name) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + name;
    }
}
