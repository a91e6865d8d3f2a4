package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The eviction subresource's view of PodDisruptionBudgets, straight from the CRUD store (as the real handler reads
 * them through the API server's own client): both stored versions, and a status write that carries the
 * resourceVersion read, so a concurrent write by the disruption controller makes it retry instead of being undone.
 */
final class BudgetStore {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private final KubernetesCrudDispatcher store;

    BudgetStore(KubernetesCrudDispatcher store) {
        this.store = store;
    }

    /** The budgets selecting the pod; none for a pod without labels, as the 1.20 handler decides. */
    List<Disruptions.Budget> selecting(Pod pod) {
        if (pod.getMetadata().getLabels() == null || pod.getMetadata().getLabels().isEmpty()) {
            return List.of();
        }
        List<Disruptions.Budget> out = new ArrayList<>();
        for (String version : List.of("policy/v1", "policy/v1beta1")) {
            MockResponse r = store.handleGet("/apis/" + version + "/namespaces/" + pod.getMetadata().getNamespace() + "/poddisruptionbudgets");
            if (r.code() == 200) {
                KUBE.unmarshal(r.getBody().readUtf8(), PodDisruptionBudgetList.class).getItems().stream()
                        .map(p -> new Disruptions.Budget(version, p)).filter(b -> Disruptions.selects(b, pod)).forEach(out::add);
            }
        }
        return out;
    }

    Optional<Disruptions.Budget> reread(Disruptions.Budget b) {
        MockResponse r = store.handleGet(path(b));
        return r.code() == 200 ? Optional.of(new Disruptions.Budget(b.apiVersion(), KUBE.unmarshal(r.getBody().readUtf8(), PodDisruptionBudget.class))) : Optional.empty();
    }

    /** PUT of the budget's status with its resourceVersion; the HTTP code (409 when someone wrote in between). */
    int writeStatus(Disruptions.Budget b) {
        PodDisruptionBudget pdb = b.pdb();
        pdb.setApiVersion(b.apiVersion());
        String body = KUBE.asJson(pdb);
        RecordedRequest put = new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path(b) + "/status",
                Headers.builder().add("Content-Type", "application/json").build(), new Buffer().writeUtf8(body));
        return store.handleUpdate(put).code();
    }

    private static String path(Disruptions.Budget b) {
        return "/apis/" + b.apiVersion() + "/namespaces/" + b.pdb().getMetadata().getNamespace() + "/poddisruptionbudgets/" + b.pdb().getMetadata().getName();
    }
}
