package io.kubemedic.app.engine;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kubemedic.app.audit.JdbcAuditStore;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.decision.Planner;
import io.kubemedic.core.decision.Policy;
import io.kubemedic.core.diagnosis.Diagnosers;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import io.kubemedic.core.safety.ActionLedger;
import io.kubemedic.core.safety.GuardChain;
import io.kubemedic.core.safety.StormTracker;
import io.kubemedic.kube.action.ActionResult;
import io.kubemedic.kube.action.EventRecorder;
import io.kubemedic.kube.action.RemediationAction;
import io.kubemedic.kube.observe.WorkloadCounts;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The engine's decision path wired as in production (Reconciler, Admission, Execution, Incidents, Recorder, a real
 * SQLite audit store, the default guards and policy) around things a test controls: the time, the snapshot each target
 * shows, whether the caches are in sync, the cluster's workload counts, and what each action answers.
 */
final class EngineFixture implements AutoCloseable {

    /** A clock a test moves by hand: cooldowns and holds are tested without sleeping. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override public Instant instant() {
            return now;
        }
    }

    /** An action that records each call and answers what the test queued (APPLIED when nothing is queued). */
    static final class ScriptedAction implements RemediationAction {
        private final ActionType type;
        final List<Step> calls = Collections.synchronizedList(new ArrayList<>());
        private final List<ActionResult> answers = Collections.synchronizedList(new ArrayList<>());
        private volatile java.util.function.Consumer<Step> effect = s -> { };

        ScriptedAction(ActionType type) {
            this.type = type;
        }

        /** What the action does to the test's cluster when it is applied. */
        ScriptedAction effect(java.util.function.Consumer<Step> value) {
            effect = value;
            return this;
        }

        ScriptedAction answer(ActionResult... results) {
            answers.addAll(List.of(results));
            return this;
        }

        @Override public ActionType type() {
            return type;
        }

        @Override public ActionResult execute(Step step, TargetSnapshot snapshot) {
            calls.add(step);
            ActionResult r = answers.isEmpty() ? ActionResult.applied(type.policyName() + " done") : answers.removeFirst();
            if (r.status() == ActionResult.Status.APPLIED) {
                effect.accept(step);
            }
            return r;
        }
    }

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    final TestClock clock = new TestClock(T0);
    final JdbcAuditStore audit;
    final KubemedicConfig config;
    final ActionLedger ledger;
    final Map<ActionType, ScriptedAction> actions = new EnumMap<>(ActionType.class);
    final Incidents incidents;
    final Reconciler reconciler;
    volatile Function<ResourceRef, TargetSnapshot> cluster;
    volatile boolean inSync = true;
    volatile WorkloadCounts counts = new WorkloadCounts(1, 0);
    /** Findings from outside the cluster's state (alerts, requests) that the test hands in. */
    volatile Signals signalled = Signals.NONE;

    EngineFixture(Path dir, Map<String, String> settings) {
        this(dir, settings, Policy.defaults());
    }

    EngineFixture(Path dir, Map<String, String> settings, Policy policy) {
        this(dir, settings, policy, GuardChain.defaults());
    }

    EngineFixture(Path dir, Map<String, String> settings, Policy policy, GuardChain guards) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("mode", "enforce", "verify.stableFor", "2s", "verify.timeout", "20s", "storm.settle", "0s"));
        all.putAll(settings);
        config = KubemedicConfig.from(all);
        audit = JdbcAuditStore.openSqlite(dir.resolve("audit.db"));
        ledger = HealingEngine.rebuildLedger(audit, config, clock.instant());
        for (ActionType t : ActionType.values()) {
            if (t.mutating()) {
                actions.put(t, new ScriptedAction(t));
            }
        }
        EventRecorder noEvents = new EventRecorder(null, clock) {
            @Override public void record(ResourceRef target, String type, Reason reason, String message, String incidentId) {
            }
        };
        Recorder recorder = new Recorder(audit, noEvents, EngineListener.NONE, config, clock);
        incidents = new Incidents(audit, recorder, clock);
        Admission admission = new Admission(config, guards, ledger, new StormTracker(config), () -> counts, incidents, recorder, clock);
        Execution execution = new Execution(config, Map.copyOf(actions), ledger, admission, incidents, recorder, clock);
        reconciler = new Reconciler(config, t -> cluster.apply(t), () -> inSync, Diagnosers.defaults(config), s -> signalled.findings(s), new Planner(policy, config),
                admission, execution, incidents, recorder, clock);
    }

    ScriptedAction action(ActionType type) {
        return actions.get(type);
    }

    /** The audit rows in the order written. */
    List<AuditRecord> rows() {
        List<AuditRecord> out = new ArrayList<>(audit.recent(10_000));
        Collections.reverse(out);
        return out;
    }

    List<AuditRecord> rows(AuditStatus status) {
        return rows().stream().filter(r -> r.status() == status).toList();
    }

    @Override
    public void close() {
        audit.close();
    }

    // --- objects as the API server would show them

    static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withNamespace("shop").withName(name).withUid(name + "-uid").withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("shop/" + name + ":1").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(replicas).withUpdatedReplicas(replicas).endStatus().build();
    }

    /** A pod of Deployment {@code app} (through ReplicaSet {@code app-rs}); crash-looping or Ready. */
    static Pod pod(String app, String name, boolean crashLooping) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("shop").withName(name).withUid(name + "-uid").addToLabels("app", app)
                .addNewOwnerReference().withKind("ReplicaSet").withName(app + "-rs").withUid(app + "-rs-uid").withController(true).endOwnerReference()
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("shop/" + app + ":1").endContainer().endSpec();
        if (crashLooping) {
            return b.withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("False").endCondition()
                    .withContainerStatuses(new ContainerStatusBuilder().withName("app").withReady(false).withRestartCount(6)
                            .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                            .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endLastState().build())
                    .endStatus().build();
        }
        return b.withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                .withContainerStatuses(new ContainerStatusBuilder().withName("app").withReady(true).withRestartCount(0)
                        .withNewState().withNewRunning().endRunning().endState().build())
                .endStatus().build();
    }

    static TargetSnapshot snapshot(String app, Instant at, Pod... pods) {
        return TargetSnapshot.builder(ResourceRef.deployment("shop", app), at).deployment(deployment(app, pods.length)).pods(List.of(pods)).build();
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    static boolean counted(AuditRecord r) {
        return r.status() == AuditStatus.SUCCEEDED && r.actionType() != null && r.actionType().mutating();
    }
}
