package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The metrics.k8s.io API on a real server that has no metrics-server: a CustomResourceDefinition
 * {@code pods.metrics.k8s.io} (kind PodMetrics, any fields kept) makes {@code GET
 * /apis/metrics.k8s.io/v1beta1/namespaces/NS/pods} answer a PodMetricsList, which is what metrics clients read.
 * Created only when absent, and removed at the end only if this run created it and no metrics are left in it.
 */
final class MetricsApi {

    static final String CRD = "pods.metrics.k8s.io";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsApi.class);

    private final KubernetesClient client;
    private boolean created;

    MetricsApi(KubernetesClient client) {
        this.client = client;
    }

    /** @return whether PodMetrics can be written (false when a real metrics-server already serves the group) */
    boolean ensure(Duration timeout) throws InterruptedException {
        var crds = client.apiextensions().v1().customResourceDefinitions();
        Instant deadline = Instant.now().plus(timeout);
        CustomResourceDefinition existing = crds.withName(CRD).get();
        while (existing != null && existing.getMetadata().getDeletionTimestamp() != null) {
            // an earlier run is removing it: wait until it is gone, then make it again
            if (Instant.now().isAfter(deadline)) {
                throw new ScenarioException("the metrics API (" + CRD + ") is still being deleted after " + timeout);
            }
            Thread.sleep(100);
            existing = crds.withName(CRD).get();
        }
        if (existing == null) {
            if (served()) {
                LOG.warn("scenario player: metrics.k8s.io is served by something else (a real metrics-server?); pod metrics are not emulated");
                return false;
            }
            try {
                crds.resource(definition()).create();
                created = true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        while (!established(crds.withName(CRD).get())) {
            if (Instant.now().isAfter(deadline)) {
                throw new ScenarioException("the metrics API (" + CRD + ") was not established within " + timeout);
            }
            Thread.sleep(100);
        }
        return true;
    }

    private boolean served() {
        try {
            APIResourceList list = client.getApiResources("metrics.k8s.io/v1beta1");
            return list != null && !list.getResources().isEmpty();
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static CustomResourceDefinition definition() {
        return new CustomResourceDefinitionBuilder().withNewMetadata().withName(CRD)
                .withAnnotations(Map.of("api-approved.kubernetes.io", "unapproved, emulated metrics-server for tests")).endMetadata()
                .withNewSpec().withGroup("metrics.k8s.io").withScope("Namespaced")
                .withNewNames().withKind("PodMetrics").withListKind("PodMetricsList").withPlural("pods").withSingular("podmetrics").endNames()
                .addNewVersion().withName("v1beta1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                .endVersion().endSpec().build();
    }

    /** Deletes the definition if this run created it and nothing is stored in it any more. */
    void removeIfUnused() {
        if (!created) {
            return;
        }
        try {
            if (client.resources(PodMetrics.class).inAnyNamespace().list().getItems().isEmpty()) {
                client.apiextensions().v1().customResourceDefinitions().withName(CRD).delete();
                created = false;
            } else {
                LOG.info("scenario player: {} is still in use; left in place", CRD);
            }
        } catch (KubernetesClientException e) {
            LOG.warn("scenario player: could not remove {}: {}", CRD, e.getMessage());
        }
    }
}
