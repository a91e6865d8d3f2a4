package io.kubemedic.app.engine;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubemedic.core.decision.Policy;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import io.kubemedic.core.safety.Guard;
import io.kubemedic.core.safety.GuardChain;
import io.kubemedic.core.safety.GuardContext;
import io.kubemedic.core.safety.RateLimitGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two workers, two crash-looping Deployments in one namespace, a budget of one action an hour. A guard placed after
 * the rate limit holds each worker until the other has also read the budget (or 3 s pass): exactly the interleaving
 * that let both see the last unit free. The budget must hold anyway: evaluation and spending it are one step.
 */
class AdmissionRaceTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    private static TargetSnapshot crashing(String name) {
        Pod pod = new PodBuilder().withNewMetadata().withNamespace("shop").withName(name + "-1").withUid(name + "-uid")
                .addNewOwnerReference().withKind("ReplicaSet").withName(name + "-rs").withUid(name + "-rs").withController(true).endOwnerReference()
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("img").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("False").endCondition()
                .addNewContainerStatus().withName("app").withReady(false).withRestartCount(6)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState().endContainerStatus().endStatus().build();
        return TargetSnapshot.builder(ResourceRef.deployment("shop", name), NOW)
                .deployment(EngineFixture.deployment(name, 1))
                .pods(List.of(pod)).build();
    }

    @Test
    void twoWorkersCannotBothSpendTheLastUnitOfBudget() throws Exception {
        CyclicBarrier bothInside = new CyclicBarrier(2);
        Guard meetInside = new Guard() {
            @Override public String name() {
                return "meet-inside";
            }

            @Override public GuardVerdict check(Step step, GuardContext context) {
                try {
                    bothInside.await(3, TimeUnit.SECONDS);
                } catch (Exception timedOutOrBroken) {
                    // the other worker could not get in: that is the point
                }
                return GuardVerdict.allow();
            }
        };
        AtomicInteger evictions = new AtomicInteger();
        try (EngineFixture f = new EngineFixture(dir, Map.of("rateLimit.perNamespace", "1"), Policy.defaults(),
                new GuardChain(List.of(new RateLimitGuard(), meetInside)))) {
            f.cluster = target -> crashing(target.name());
            f.action(ActionType.EVICT_POD).effect(step -> evictions.incrementAndGet());
            Thread a = Thread.ofPlatform().start(() -> f.reconciler.reconcile(ResourceRef.deployment("shop", "a")));
            Thread b = Thread.ofPlatform().start(() -> f.reconciler.reconcile(ResourceRef.deployment("shop", "b")));
            a.join(10_000);
            b.join(10_000);
            assertThat(evictions.get()).isEqualTo(1);
            assertThat(f.rows()).anyMatch(r -> r.status() == AuditStatus.HELD && r.reason() == Reason.RATE_LIMIT_NAMESPACE);
        }
    }
}
