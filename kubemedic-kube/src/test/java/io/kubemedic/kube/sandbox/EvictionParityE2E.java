package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudgetBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The eviction subresource, the same checks on the sandbox and on kube-apiserver 1.20 (whose disruption controller
 * keeps the budgets' status): codes, reasons and texts must agree, so the sandbox is proven to refuse and allow
 * exactly what the real server does. policy/v1beta1 throughout: 1.20 serves no policy/v1.
 */
class EvictionParityE2E {

    private static final Map<String, String> WEB = Map.of("app", "web");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void runningPodsThatAreNotReadyAreRefusedWhenTheBudgetHasNoHealthyHeadroom(String side) throws Exception {
        try (ParityTarget t = ParityTarget.open(side)) {
            pods(t, "p1", "p2");
            PodDisruptionBudget pdb = budget(t, "web", 1);
            Function<Pod, TestKubelet.State> crashing = p -> TestKubelet.State.CRASHING;
            t.until(crashing, () -> observed(t, "web", 0, 0));
            ParityTarget.Answer a = evict(t, "p1", "");
            assertThat(a.code()).isEqualTo(429);
            assertThat(a.status().getReason()).isEqualTo("TooManyRequests");
            assertThat(a.status().getMessage()).isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
            assertThat(a.status().getDetails().getCauses()).singleElement().satisfies(c -> {
                assertThat(c.getReason()).isEqualTo("DisruptionBudget");
                assertThat(c.getMessage()).isEqualTo("The disruption budget web needs 1 healthy pods and has 0 currently");
            });
            PodDisruptionBudget now = t.client().policy().v1beta1().podDisruptionBudget().inNamespace(t.namespace()).withName(pdb.getMetadata().getName()).get();
            assertThat(now.getStatus().getExpectedPods()).isEqualTo(2);
            assertThat(now.getStatus().getDesiredHealthy()).isEqualTo(1);
            assertThat(now.getStatus().getDisruptionsAllowed()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void anEvictionSpendsTheLastDisruptionSoTheNextIsRefusedAndAnUnhealthyPodMayGoWhileTheRestMeetTheBudget(String side) throws Exception {
        try (ParityTarget t = ParityTarget.open(side)) {
            pods(t, "p1", "p2", "p3", "p4");
            budget(t, "web", 2);
            Function<Pod, TestKubelet.State> threeReady = p -> p.getMetadata().getName().equals("p4") ? TestKubelet.State.CRASHING : TestKubelet.State.RUNNING_READY;
            t.until(threeReady, () -> observed(t, "web", 1, 3));
            ParityTarget.Answer first = evict(t, "p1", "");
            assertThat(first.code()).isEqualTo(201);
            assertThat(first.status().getStatus()).isEqualTo("Success");
            ParityTarget.Answer second = evict(t, "p2", "");
            assertThat(second.code()).as("the disruption was spent").isEqualTo(429);
            assertThat(evict(t, "p4", "").code()).as("not Ready, and 2 healthy meet the budget of 2").isEqualTo(201);
            assertThat(names(t)).containsExactlyInAnyOrder("p2", "p3");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void pendingPodsSkipTheBudgetDryRunChangesNothingAndAWrongUidIs409(String side) throws Exception {
        try (ParityTarget t = ParityTarget.open(side)) {
            pods(t, "p1", "p2", "p3");
            budget(t, "web", 3);
            t.until(p -> p.getMetadata().getName().equals("p1") ? new TestKubelet.State("Pending", false) : TestKubelet.State.RUNNING_READY,
                    () -> observed(t, "web", 0, 2));
            assertThat(evict(t, "p2", "").code()).isEqualTo(429);
            ParityTarget.Answer dry = t.post(path(t, "p1") + "?dryRun=All", body(t, "p1", ""));
            assertThat(dry.code()).isEqualTo(201);
            assertThat(names(t)).contains("p1");
            String uid = t.client().pods().inNamespace(t.namespace()).withName("p1").get().getMetadata().getUid();
            ParityTarget.Answer wrongUid = evict(t, "p1", ",\"deleteOptions\":{\"preconditions\":{\"uid\":\"bogus\"}}");
            assertThat(wrongUid.code()).isEqualTo(409);
            assertThat(wrongUid.status().getReason()).isEqualTo("Conflict");
            assertThat(wrongUid.status().getMessage()).isEqualTo("Operation cannot be fulfilled on Pod \"p1\": the UID in the precondition (bogus) does not match"
                    + " the UID in record (" + uid + "). The object might have been deleted and then recreated");
            assertThat(wrongUid.status().getDetails().getKind()).isEqualTo("Pod");
            assertThat(evict(t, "p1", ",\"deleteOptions\":{\"preconditions\":{\"uid\":\"" + uid + "\"}}").code()).as("Pending: no budget check").isEqualTo(201);
            assertThat(names(t)).doesNotContain("p1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void aMissingPodIs404AndAPodUnderTwoBudgetsIs500(String side) throws Exception {
        try (ParityTarget t = ParityTarget.open(side)) {
            ParityTarget.Answer ghost = evict(t, "ghost", "");
            assertThat(ghost.code()).isEqualTo(404);
            assertThat(ghost.status().getReason()).isEqualTo("NotFound");
            assertThat(ghost.status().getMessage()).isEqualTo("pods \"ghost\" not found");
            pods(t, "p1");
            budget(t, "one", 0);
            budget(t, "two", 0);
            t.until(p -> TestKubelet.State.RUNNING_READY, () -> observed(t, "one", 1, 1) && observed(t, "two", 1, 1));
            ParityTarget.Answer two = evict(t, "p1", "");
            assertThat(two.code()).isEqualTo(500);
            assertThat(two.status().getMessage()).isEqualTo("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }
    }

    static boolean observed(ParityTarget t, String name, int allowed, int healthy) {
        PodDisruptionBudget pdb = t.client().policy().v1beta1().podDisruptionBudget().inNamespace(t.namespace()).withName(name).get();
        return pdb.getStatus() != null && pdb.getStatus().getObservedGeneration() != null
                && pdb.getStatus().getObservedGeneration().equals(pdb.getMetadata().getGeneration())
                && pdb.getStatus().getDisruptionsAllowed() == allowed && pdb.getStatus().getCurrentHealthy() == healthy;
    }

    static PodDisruptionBudget budget(ParityTarget t, String name, int minAvailable) {
        return t.client().policy().v1beta1().podDisruptionBudget().inNamespace(t.namespace()).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(name).endMetadata().withNewSpec().withMinAvailable(new IntOrString(minAvailable))
                .withNewSelector().withMatchLabels(WEB).endSelector().endSpec().build()).create();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void aBoundPodStaysTerminatingUntilItsKubeletConfirmsAnUnboundOneGoesAtOnce(String side) throws Exception {
        try (ParityTarget t = ParityTarget.open(side)) {
            pods(t, "unbound");
            t.client().pods().inNamespace(t.namespace()).resource(new PodBuilder().withNewMetadata().withName("bound").withLabels(WEB).endMetadata()
                    .withNewSpec().withNodeName(t.namespace() + "-gone-node").withTerminationGracePeriodSeconds(45L)
                    .addNewContainer().withName("app").withImage("registry.example.com/web:1").endContainer().endSpec().build()).create();

            assertThat(evict(t, "bound", "").code()).isEqualTo(201);
            t.client().pods().inNamespace(t.namespace()).withName("unbound").delete();

            Pod terminating = t.client().pods().inNamespace(t.namespace()).withName("bound").get();
            assertThat(terminating.getMetadata().getDeletionTimestamp()).as("Terminating, waiting for its kubelet").isNotNull();
            assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(45L);
            assertThat(names(t)).containsExactly("bound");
            t.client().pods().inNamespace(t.namespace()).withName("bound").withGracePeriod(0).delete(); // the kubelet's confirmation
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> names(t).isEmpty());
        }
    }

    private static void pods(ParityTarget t, String... names) {
        for (String n : names) {
            t.client().pods().inNamespace(t.namespace()).resource(new PodBuilder().withNewMetadata().withName(n).withLabels(WEB).endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("registry.example.com/web:1").endContainer().endSpec().build()).create();
        }
    }

    private static Set<String> names(ParityTarget t) {
        return t.client().pods().inNamespace(t.namespace()).list().getItems().stream().map(p -> p.getMetadata().getName())
                .collect(java.util.stream.Collectors.toSet());
    }

    private static ParityTarget.Answer evict(ParityTarget t, String pod, String extra) throws Exception {
        return t.post(path(t, pod), body(t, pod, extra));
    }

    private static String path(ParityTarget t, String pod) {
        return "/api/v1/namespaces/" + t.namespace() + "/pods/" + pod + "/eviction";
    }

    private static String body(ParityTarget t, String pod, String extra) {
        return "{\"apiVersion\":\"policy/v1beta1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod + "\",\"namespace\":\"" + t.namespace() + "\"}" + extra + "}";
    }
}
