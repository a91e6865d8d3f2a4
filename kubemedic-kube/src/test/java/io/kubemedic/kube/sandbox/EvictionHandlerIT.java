package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpecBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The eviction subresource as kube-apiserver 1.20 serves it, through a fabric8 client and raw HTTP. Budget status
 * comes from the emulated disruption controller, run explicitly where a test needs it, so each case is deterministic.
 */
class EvictionHandlerIT {

    private static final String NS = "shop";

    private SandboxCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        cluster = SandboxCluster.start();
        client = cluster.client();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void anEvictionDeletesThePodSoWatchersSeeItAndIsRecordedOnArrival() {
        pod("web-1", "Running", true);
        List<Watcher.Action> seen = new CopyOnWriteArrayList<>();
        long before = System.nanoTime();
        io.fabric8.kubernetes.client.Watch watch = client.pods().inNamespace(NS).watch(recorder(seen));
        try {
            assertThat(client.pods().inNamespace(NS).withName("web-1").evict()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(Watcher.Action.DELETED));
        } finally {
            watch.close();
        }
        assertThat(client.pods().inNamespace(NS).withName("web-1").get()).isNull();
        assertThat(cluster.dispatcher().evictions()).singleElement().satisfies(e -> {
            assertThat(e.pod()).isEqualTo("web-1");
            assertThat(e.status()).isEqualTo(201);
            assertThat(e.receivedNanos()).isGreaterThan(before).isLessThan(System.nanoTime());
        });
    }

    @Test
    void aBudgetTheControllerHasNotSeenYetRefusesAsStillBeingProcessed() throws Exception {
        pod("web-1", "Running", true);
        pod("web-2", "Running", true);
        budget(b -> b.withMinAvailable(new IntOrString(1)));
        HttpResponse<String> raw = postEviction("web-1", "");
        assertThat(raw.statusCode()).isEqualTo(429);
        assertThat(status(raw).getDetails().getCauses()).singleElement()
                .satisfies(c -> assertThat(c.getMessage()).isEqualTo("The disruption budget web is still being processed by the server."));
        disruptionController();
        assertThat(postEviction("web-1", "").statusCode()).isEqualTo(201);
    }

    @Test
    void noDisruptionLeftIs429WithTheRealTextAndTheBudgetNamedInTheCause() throws Exception {
        pod("web-1", "Running", true);
        pod("web-2", "Running", true);
        budget(b -> b.withMinAvailable(new IntOrString(2)));
        disruptionController();
        assertThat(client.pods().inNamespace(NS).withName("web-1").evict()).isFalse();
        HttpResponse<String> raw = postEviction("web-1", "");
        assertThat(raw.statusCode()).isEqualTo(429);
        Status s = status(raw);
        assertThat(s.getReason()).isEqualTo("TooManyRequests");
        assertThat(s.getMessage()).isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(s.getDetails().getCauses()).singleElement().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("DisruptionBudget");
            assertThat(c.getMessage()).isEqualTo("The disruption budget web needs 2 healthy pods and has 2 currently");
        });
        assertThat(client.pods().inNamespace(NS).list().getItems()).hasSize(2);
    }

    @Test
    void anEvictionSpendsTheDisruptionSoASecondOneCannotTakeTheSameUnit() {
        pod("web-1", "Running", true);
        pod("web-2", "Running", true);
        pod("web-3", "Running", true);
        budget(b -> b.withMinAvailable(new IntOrString(2)));
        disruptionController();
        assertThat(client.pods().inNamespace(NS).withName("web-1").evict()).isTrue();
        PodDisruptionBudget spent = client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web").get();
        assertThat(spent.getStatus().getDisruptionsAllowed()).isZero();
        assertThat(spent.getStatus().getDisruptedPods()).containsOnlyKeys("web-1");
        assertThat(client.pods().inNamespace(NS).withName("web-2").evict()).as("before the controller has looked again").isFalse();
        disruptionController();
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web").get().getStatus().getDisruptedPods())
                .as("the evicted pod is gone, so the controller drops it").isNullOrEmpty();
        assertThat(client.pods().inNamespace(NS).withName("web-2").evict()).as("2 healthy, 2 needed").isFalse();
    }

    @Test
    void maxUnavailableCountsAgainstTheControllersScaleNotTheSurvivors() {
        String rsUid = client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder().withNewMetadata().withName("web-abc")
                .endMetadata().withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .endSpec().build()).create().getMetadata().getUid();
        for (String name : List.of("web-abc-1", "web-abc-2")) {
            owned(pod(name, "Running", true), rsUid);
        }
        budget(b -> b.withMaxUnavailable(new IntOrString("34%")));
        disruptionController();
        PodDisruptionBudget pdb = client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web").get();
        assertThat(pdb.getStatus().getExpectedPods()).as("the ReplicaSet's 3, not the 2 pods").isEqualTo(3);
        assertThat(pdb.getStatus().getDesiredHealthy()).as("3 - ceil(34% of 3)").isEqualTo(1);
        assertThat(pdb.getStatus().getDisruptionsAllowed()).isEqualTo(1);
        assertThat(client.pods().inNamespace(NS).withName("web-abc-1").evict()).isTrue();
        assertThat(client.pods().inNamespace(NS).withName("web-abc-2").evict()).isFalse();
    }

    @Test
    void aRunningPodThatIsNotReadyIsRefusedWhenNoHealthyHeadroomIsLeft() throws Exception {
        pod("web-1", "Running", false);
        pod("web-2", "Running", false);
        budget(b -> b.withMinAvailable(new IntOrString(1)));
        disruptionController();
        HttpResponse<String> raw = postEviction("web-1", "");
        assertThat(raw.statusCode()).isEqualTo(429);
        assertThat(status(raw).getDetails().getCauses().getFirst().getMessage()).isEqualTo("The disruption budget web needs 1 healthy pods and has 0 currently");
    }

    @Test
    void aPodThatIsNotReadyMayGoWithoutSpendingWhileTheHealthyOnesMeetTheBudget() {
        pod("web-1", "Running", true);
        pod("web-2", "Running", true);
        pod("web-3", "Running", false);
        budget(b -> b.withMinAvailable(new IntOrString(2)));
        disruptionController();
        assertThat(client.pods().inNamespace(NS).withName("web-1").evict()).isFalse();
        assertThat(client.pods().inNamespace(NS).withName("web-3").evict()).isTrue();
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web").get().getStatus().getDisruptedPods()).isNullOrEmpty();
    }

    @Test
    void ifHealthyBudgetIsThe120BehaviourAndAlwaysAllowLetsAnUnhealthyPodGo() {
        pod("web-1", "Running", false);
        pod("web-2", "Running", false);
        budget(b -> b.withMinAvailable(new IntOrString(1)).withUnhealthyPodEvictionPolicy("IfHealthyBudget"));
        disruptionController();
        assertThat(client.pods().inNamespace(NS).withName("web-1").evict()).isFalse();
        client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web")
                .edit(p -> new PodDisruptionBudgetBuilder(p).editSpec().withUnhealthyPodEvictionPolicy("AlwaysAllow").endSpec().build());
        disruptionController();
        assertThat(client.pods().inNamespace(NS).withName("web-1").evict()).isTrue();
    }

    @Test
    void pendingAndFinishedPodsSkipTheBudget() {
        pod("web-1", "Pending", false);
        pod("web-2", "Succeeded", false);
        pod("web-3", "Running", true);
        budget(b -> b.withMinAvailable(new IntOrString(1)));
        disruptionController();
        assertThat(client.pods().inNamespace(NS).withName("web-1").evict()).isTrue();
        assertThat(client.pods().inNamespace(NS).withName("web-2").evict()).isTrue();
        assertThat(client.pods().inNamespace(NS).withName("web-3").evict()).isFalse();
    }

    @Test
    void aUidPreconditionThatDoesNotMatchIs409AndThePodStays() throws Exception {
        pod("web-1", "Running", true);
        HttpResponse<String> raw = postEviction("web-1", ",\"deleteOptions\":{\"preconditions\":{\"uid\":\"an-older-uid\"}}");
        assertThat(raw.statusCode()).isEqualTo(409);
        assertThat(status(raw).getReason()).isEqualTo("Conflict");
        assertThat(status(raw).getMessage()).startsWith("Operation cannot be fulfilled on Pod \"web-1\": the UID in the precondition (an-older-uid)"
                + " does not match the UID in record (");
        assertThat(client.pods().inNamespace(NS).withName("web-1").get()).isNotNull();
        String uid = client.pods().inNamespace(NS).withName("web-1").get().getMetadata().getUid();
        assertThat(client.pods().inNamespace(NS).withName("web-1").evict(new EvictionBuilder().withNewMetadata().withName("web-1").withNamespace(NS).endMetadata()
                .withDeleteOptions(new DeleteOptionsBuilder().withNewPreconditions().withUid(uid).endPreconditions().build()).build())).isTrue();
    }

    @Test
    void aDryRunAnswersSuccessAndChangesNeitherPodNorBudget() throws Exception {
        pod("web-1", "Running", true);
        pod("web-2", "Running", true);
        budget(b -> b.withMinAvailable(new IntOrString(1)));
        disruptionController();
        assertThat(client.pods().inNamespace(NS).withName("web-1").evict(new EvictionBuilder().withNewMetadata().withName("web-1").withNamespace(NS).endMetadata()
                .withDeleteOptions(new DeleteOptionsBuilder().withDryRun("All").build()).build())).isTrue();
        assertThat(postEviction("web-1", "", "?dryRun=All").statusCode()).isEqualTo(201);
        assertThat(client.pods().inNamespace(NS).withName("web-1").get()).isNotNull();
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web").get().getStatus().getDisruptionsAllowed()).isEqualTo(1);
    }

    @Test
    void aMissingPodIs404AndAPodUnderTwoBudgetsIs500() throws Exception {
        assertThatThrownBy(() -> client.pods().inNamespace(NS).withName("ghost").evict())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        assertThat(status(postEviction("ghost", "")).getMessage()).isEqualTo("pods \"ghost\" not found");
        pod("web-1", "Running", true);
        budget(b -> b.withMinAvailable(new IntOrString(0)));
        client.policy().v1beta1().podDisruptionBudget().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("other").endMetadata().withNewSpec().withMinAvailable(new IntOrString(0))
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector().endSpec().build()).create();
        HttpResponse<String> raw = postEviction("web-1", "");
        assertThat(raw.statusCode()).isEqualTo(500);
        assertThat(status(raw).getMessage()).isEqualTo("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
    }

    @Test
    void withDefaultRetrySettingsFabric8RetriesA429TenTimesThenReportsFalse() {
        pod("web-1", "Running", true);
        budget(b -> b.withMinAvailable(new IntOrString(1)));
        disruptionController();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.masterUrl()).withRequestRetryBackoffInterval(5).build();
        assertThat(config.getRequestRetryBackoffLimit()).isEqualTo(10);
        try (KubernetesClient defaults = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThat(defaults.pods().inNamespace(NS).withName("web-1").evict()).isFalse();
        }
        assertThat(cluster.dispatcher().evictions()).hasSize(11).allMatch(e -> e.status() == 429);
    }

    private void disruptionController() {
        new DisruptionController(new ApiWrites(client), Clock.systemUTC()).reconcile(ControlPlaneView.read(client));
    }

    private Pod pod(String name, String phase, boolean ready) {
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).withLabels(Map.of("app", "web"))
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("web:1").endContainer().endSpec().build()).create();
        pod.setStatus(new PodStatusBuilder().withPhase(phase).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().build());
        return client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    private void owned(Pod pod, String rsUid) {
        client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).edit(p -> new PodBuilder(p).editMetadata()
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web-abc").withUid(rsUid)
                .withController(true).endOwnerReference().endMetadata().build());
    }

    private void budget(UnaryOperator<PodDisruptionBudgetSpecBuilder> spec) {
        client.policy().v1().podDisruptionBudget().inNamespace(NS).resource(new PodDisruptionBudgetBuilder().withNewMetadata()
                .withName("web").endMetadata().withSpec(spec.apply(new PodDisruptionBudgetSpecBuilder()
                        .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()).build()).build()).create();
    }

    private HttpResponse<String> postEviction(String pod, String extra) throws Exception {
        return postEviction(pod, extra, "");
    }

    private HttpResponse<String> postEviction(String pod, String extra, String query) throws Exception {
        String body = "{\"apiVersion\":\"policy/v1beta1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod + "\",\"namespace\":\"" + NS + "\"}" + extra + "}";
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(cluster.masterUrl() + "api/v1/namespaces/" + NS + "/pods/" + pod + "/eviction" + query))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static Status status(HttpResponse<String> raw) {
        return new KubernetesSerialization().unmarshal(raw.body(), Status.class);
    }

    private static Watcher<Pod> recorder(List<Watcher.Action> seen) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod resource) {
                seen.add(action);
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }
}
