package io.kubemedic.core.verify;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kubemedic.core.Fixtures;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Risk;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VerificationTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Duration STABLE = Duration.ofSeconds(2);
    private final ResourceRef web = ResourceRef.deployment("shop", "web");
    private final Step evict = step(ActionType.EVICT_POD, ResourceRef.pod("shop", "web-a-1"), Map.of("podUid", "u1"));

    private Step step(ActionType action, ResourceRef target, Map<String, String> params) {
        return new Step(action, target, target.isKind(ResourceRef.NODE) ? target : web, params, Reason.CRASH_LOOP_EVICT, "", 0.8,
                Risk.LOW, action.policyName(), true, "crash-loop-restart");
    }

    private TargetSnapshot snap(Pod... pods) {
        return TargetSnapshot.builder(web, T0).deployment(Fixtures.deployment("shop", "web", pods.length, "i", "256Mi", "1"))
                .pods(List.of(pods)).build();
    }

    private Verification verification(Step step, TargetSnapshot before) {
        return new Verification(Expectation.forStep(step, before, T0, Duration.ofSeconds(20)),
                Set.of(FindingType.CRASH_LOOP_BACK_OFF), STABLE);
    }

    private static Finding crash(String pod) {
        return new Finding(FindingType.CRASH_LOOP_BACK_OFF, Severity.CRITICAL, ResourceRef.pod("shop", pod), "app", "crash " + pod, Map.of(), "");
    }

    /** Evaluates in order, carrying the state, and returns the last result. */
    private static Verification.Result run(Verification v, TargetSnapshot s, List<Finding> findings, Instant... times) {
        Verification.Result r = null;
        for (Instant t : times) {
            r = v.evaluate(s, findings, t);
            v = r.next();
        }
        return r;
    }

    @Test
    void anEvictionIsMetOnlyAfterTheReplacementStaysReadyForTheStableWindow() {
        Verification v = verification(evict, snap(Fixtures.pod("shop", "web-a-1", "u1", "a", false)));
        TargetSnapshot healed = snap(Fixtures.pod("shop", "web-a-9", "u9", "a", true));
        assertThat(run(v, healed, List.of(), T0.plusSeconds(1)).status()).isEqualTo(Verification.Status.PENDING);
        assertThat(run(v, healed, List.of(), T0.plusSeconds(1), T0.plusMillis(2500)).status()).isEqualTo(Verification.Status.PENDING);
        Verification.Result r = run(v, healed, List.of(), T0.plusSeconds(1), T0.plusMillis(3000));
        assertThat(r.status()).isEqualTo(Verification.Status.MET);
        assertThat(r.reason()).isEqualTo(Reason.VERIFIED);
    }

    @Test
    void aReplacementThatLosesReadinessStartsTheStableWindowAgain() {
        Verification v = verification(evict, snap(Fixtures.pod("shop", "web-a-1", "u1", "a", false)));
        TargetSnapshot healed = snap(Fixtures.pod("shop", "web-a-9", "u9", "a", true));
        TargetSnapshot unready = snap(Fixtures.pod("shop", "web-a-9", "u9", "a", false));
        Verification after = v.evaluate(healed, List.of(), T0.plusSeconds(1)).next().evaluate(unready, List.of(), T0.plusSeconds(2)).next();
        assertThat(after.evaluate(healed, List.of(), T0.plusSeconds(3)).status()).isEqualTo(Verification.Status.PENDING);
        assertThat(run(after, healed, List.of(), T0.plusSeconds(3), T0.plusSeconds(5)).status()).isEqualTo(Verification.Status.MET);
    }

    @Test
    void theSameFaultOnAReplacementFailsAtOnceWithoutWaitingForTheTimeout() {
        Verification v = verification(evict, snap(Fixtures.pod("shop", "web-a-1", "u1", "a", false)));
        Verification.Result r = v.evaluate(snap(Fixtures.pod("shop", "web-a-9", "u9", "a", false)), List.of(crash("web-a-9")), T0.plusSeconds(1));
        assertThat(r.status()).isEqualTo(Verification.Status.FAILED);
        assertThat(r.reason()).isEqualTo(Reason.VERIFICATION_SAME_FAULT);
    }

    @Test
    void withOtherPodsStillFaultyAHealedReplacementIsProgressOnlyAfterItHeldTheStableWindow() {
        Verification v = verification(evict, snap(Fixtures.pod("shop", "web-a-1", "u1", "a", false), Fixtures.pod("shop", "web-a-2", "u2", "a", false)));
        TargetSnapshot half = snap(Fixtures.pod("shop", "web-a-9", "u9", "a", true), Fixtures.pod("shop", "web-a-2", "u2", "a", false));
        assertThat(v.evaluate(half, List.of(crash("web-a-2")), T0.plusMillis(300)).status())
                .as("a crash-looping app is often Ready for a moment: the next eviction waits").isEqualTo(Verification.Status.PENDING);
        Verification.Result r = run(v, half, List.of(crash("web-a-2")), T0.plusMillis(300), T0.plusMillis(2400));
        assertThat(r.status()).isEqualTo(Verification.Status.PARTIAL);
        assertThat(r.detail()).contains("1 other pod(s) still show the fault");
    }

    @Test
    void theEvictedPodStillTerminatingWithItsOldFaultIsNotAnotherFaultyPod() {
        Verification v = verification(evict, snap(Fixtures.pod("shop", "web-a-1", "u1", "a", false)));
        io.fabric8.kubernetes.api.model.Pod leaving = new io.fabric8.kubernetes.api.model.PodBuilder(Fixtures.pod("shop", "web-a-1", "u1", "a", false))
                .editMetadata().withDeletionTimestamp(T0.toString()).withDeletionGracePeriodSeconds(30L).endMetadata().build();
        TargetSnapshot replacedWhileTerminating = snap(leaving, Fixtures.pod("shop", "web-a-9", "u9", "a", true));
        Verification.Result r = run(v, replacedWhileTerminating, List.of(crash("web-a-1")), T0.plusMillis(300), T0.plusMillis(2400));
        assertThat(r.status()).as("a real pod stays Terminating for its grace period: nothing to climb to").isEqualTo(Verification.Status.MET);
    }

    @Test
    void theDeadlineFailsAnActionThatNeverLanded() {
        TargetSnapshot before = snap(Fixtures.pod("shop", "web-a-1", "u1", "a", false));
        Verification v = verification(evict, before);
        assertThat(v.evaluate(before, List.of(crash("web-a-1")), T0.plusSeconds(19)).status()).isEqualTo(Verification.Status.PENDING);
        Verification.Result r = v.evaluate(before, List.of(crash("web-a-1")), T0.plusSeconds(20));
        assertThat(r.status()).isEqualTo(Verification.Status.FAILED);
        assertThat(r.reason()).isEqualTo(Reason.VERIFICATION_TIMEOUT);
        assertThat(r.detail()).contains("did not show in the cluster");
    }

    @Test
    void anUnknownOutcomeThatDoesNotShowIsTriedAgainNotClimbed() {
        TargetSnapshot before = snap(Fixtures.pod("shop", "web-a-1", "u1", "a", false));
        Verification v = new Verification(Expectation.forStep(evict, before, T0, Duration.ofSeconds(20)).unknownOutcome(),
                Set.of(FindingType.CRASH_LOOP_BACK_OFF), STABLE);
        assertThat(v.evaluate(before, List.of(), T0.plusSeconds(1)).status()).isEqualTo(Verification.Status.PENDING);
        Verification.Result r = v.evaluate(before, List.of(), T0.plusSeconds(5));
        assertThat(r.status()).isEqualTo(Verification.Status.NOT_LANDED);
        assertThat(r.reason()).isEqualTo(Reason.OUTCOME_UNKNOWN);
    }

    // --- rolling restart and rollback: only the current revision's pods count

    private static ReplicaSet rs(String hash, long revision, String image) {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace("shop").withName("web-" + hash).withUid(hash + "-uid")
                .withLabels(Map.of("pod-template-hash", hash, "app", "web"))
                .withAnnotations(Map.of("deployment.kubernetes.io/revision", String.valueOf(revision))).endMetadata()
                .withNewSpec().withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web", "pod-template-hash", hash)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static Deployment deployment(String image, String restartedAt, long revision) {
        return new DeploymentBuilder().withNewMetadata().withNamespace("shop").withName("web").withUid("web-uid").withGeneration(3L)
                .withAnnotations(Map.of("deployment.kubernetes.io/revision", String.valueOf(revision))).endMetadata()
                .withNewSpec().withReplicas(2).withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web"))
                .withAnnotations(restartedAt == null ? null : Map.of("kubectl.kubernetes.io/restartedAt", restartedAt)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withObservedGeneration(3L).endStatus().build();
    }

    private static Pod podOf(ReplicaSet rs, String name, boolean ready) {
        return new PodBuilder(Fixtures.pod("shop", name, name + "-uid", rs.getMetadata().getLabels().get("pod-template-hash"), ready))
                .editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withKind("ReplicaSet").withName(rs.getMetadata().getName())
                        .withUid(rs.getMetadata().getUid()).withController(true).build()).endMetadata().build();
    }

    @Test
    void aRestartIsJudgedByTheNewRevisionsPodsWhateverOldPodsAStuckRolloutKeeps() {
        ReplicaSet old = rs("old", 2, "web:2");
        ReplicaSet restarted = new ReplicaSetBuilder(rs("new", 3, "web:2")).editSpec().editTemplate().editMetadata()
                .withAnnotations(Map.of("kubectl.kubernetes.io/restartedAt", "T1")).endMetadata().endTemplate().endSpec().build();
        Step restart = step(ActionType.ROLLOUT_RESTART, web, Map.of("restartedAt", "T1"));
        TargetSnapshot before = TargetSnapshot.builder(web, T0).deployment(deployment("web:2", null, 2)).replicaSets(List.of(old))
                .pods(List.of(podOf(old, "old-1", false), podOf(old, "old-2", false))).build();
        Verification v = verification(restart, before);
        TargetSnapshot after = TargetSnapshot.builder(web, T0).deployment(deployment("web:2", "T1", 3)).replicaSets(List.of(old, restarted))
                .pods(List.of(podOf(old, "old-1", false), podOf(restarted, "new-1", true), podOf(restarted, "new-2", true))).build();
        assertThat(run(v, after, List.of(crash("old-1")), T0.plusSeconds(1), T0.plusSeconds(4)).status())
                .as("the old ReplicaSet's crashing pod says nothing about the restart").isEqualTo(Verification.Status.MET);
        Verification.Result failed = v.evaluate(after, List.of(crash("new-2")), T0.plusSeconds(1));
        assertThat(failed.status()).as("a new pod with the same fault fails at once").isEqualTo(Verification.Status.FAILED);
        assertThat(failed.reason()).isEqualTo(Reason.VERIFICATION_SAME_FAULT);
    }

    @Test
    void aRollbackThatReusesTheOldReplicaSetsPodsIsVerified() {
        ReplicaSet good = rs("good", 1, "web:1");
        ReplicaSet bad = rs("bad", 2, "web:2");
        Step rollback = step(ActionType.ROLLBACK, web, Map.of("revision", "1", "fromRevision", "2", "templateHash", "good"));
        TargetSnapshot before = TargetSnapshot.builder(web, T0).deployment(deployment("web:2", null, 2)).replicaSets(List.of(good, bad))
                .pods(List.of(podOf(good, "good-1", true), podOf(bad, "bad-1", false))).build();
        Verification v = verification(rollback, before);
        ReplicaSet reused = new ReplicaSetBuilder(good).editMetadata().addToAnnotations("deployment.kubernetes.io/revision", "3").endMetadata().build();
        TargetSnapshot after = TargetSnapshot.builder(web, T0).deployment(deployment("web:1", null, 3)).replicaSets(List.of(reused, bad))
                .pods(List.of(podOf(reused, "good-1", true), podOf(reused, "good-2", true), podOf(bad, "bad-1", false))).build();
        Verification.Result r = run(v, after, List.of(crash("bad-1")), T0.plusSeconds(1), T0.plusSeconds(4));
        assertThat(r.status()).as("not 'did not show in the cluster': the old pods are the new revision now").isEqualTo(Verification.Status.MET);
    }

    // --- cordon: a mitigation, not a heal

    @Test
    void aCordonedNodeThatStaysNotReadyIsMitigatedOnceThenFailsAtTheDeadline() {
        ResourceRef node = ResourceRef.node("worker-1");
        Step cordon = step(ActionType.CORDON_NODE, node, Map.of());
        TargetSnapshot cordoned = TargetSnapshot.builder(node, T0)
                .node(new NodeBuilder().withNewMetadata().withName("worker-1").endMetadata().withNewSpec().withUnschedulable(true).endSpec().build()).build();
        Finding notReady = new Finding(FindingType.NODE_NOT_READY, Severity.CRITICAL, node, null, "node worker-1 is NotReady", Map.of(), "");
        Verification v = new Verification(Expectation.forStep(cordon, cordoned, T0, Duration.ofSeconds(20)), Set.of(FindingType.NODE_NOT_READY), STABLE);
        Verification.Result first = v.evaluate(cordoned, List.of(notReady), T0.plusSeconds(1));
        assertThat(first.status()).isEqualTo(Verification.Status.MITIGATED);
        assertThat(first.next().evaluate(cordoned, List.of(notReady), T0.plusSeconds(2)).status())
                .as("the mitigation is reported once").isEqualTo(Verification.Status.PENDING);
        Verification.Result end = first.next().evaluate(cordoned, List.of(notReady), T0.plusSeconds(20));
        assertThat(end.status()).isEqualTo(Verification.Status.FAILED);
        assertThat(end.detail()).contains("still NotReady");
        assertThat(run(first.next(), cordoned, List.of(), T0.plusSeconds(3), T0.plusSeconds(6)).status())
                .as("the node coming back heals the incident").isEqualTo(Verification.Status.MET);
    }
}
