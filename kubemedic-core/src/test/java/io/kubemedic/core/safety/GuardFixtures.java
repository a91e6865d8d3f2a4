package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Risk;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Steps, pods and guard contexts for the guard tests; one fixed clock, one namespace, one Deployment. */
final class GuardFixtures {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
    static final Instant NOW = CLOCK.instant();
    static final String NS = "shop";
    static final ResourceRef WEB = ResourceRef.deployment(NS, "web");
    static final String INCIDENT = "inc-1";

    private GuardFixtures() {
    }

    static Step step(ActionType action) {
        return step(action, action == ActionType.EVICT_POD ? ResourceRef.pod(NS, "web-1") : WEB, Map.of(), false);
    }

    static Step step(ActionType action, ResourceRef target, Map<String, String> params, boolean automatic) {
        ResourceRef workload = target.isKind(ResourceRef.POD) ? WEB : target;
        return new Step(action, target, workload, params, Reason.CRASH_LOOP_EVICT, "", 0.8, Risk.LOW, action.policyName(), automatic, "test-rule");
    }

    static Step evict(String pod) {
        return step(ActionType.EVICT_POD, ResourceRef.pod(NS, pod), Map.of(), true);
    }

    /** A pod of Deployment web, owned by ReplicaSet web-abc, labelled app=web. */
    static PodBuilder pod(String name, boolean ready) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", "web")
                .addNewOwnerReference().withKind("ReplicaSet").withName("web-abc").withController(true).endOwnerReference()
                .endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus();
    }

    /** A Deployment whose controller has observed its spec and finished rolling it out. */
    static Deployment deployment(int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(NS).withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(replicas).withUpdatedReplicas(replicas).endStatus().build();
    }

    static TargetSnapshot.Builder snapshot() {
        return TargetSnapshot.builder(WEB, NOW);
    }

    static TargetSnapshot snapshot(int replicas, Pod... pods) {
        return snapshot().deployment(deployment(replicas)).pods(List.of(pods)).build();
    }

    static ActionLedger.Entry entry(Instant at, String incident, ResourceRef workload, ActionType action) {
        return new ActionLedger.Entry(at, incident, workload, workload.namespace(), action);
    }

    static ContextBuilder context() {
        return new ContextBuilder();
    }

    /** A GuardContext with enforce mode, an empty ledger, a calm cluster and no snapshot unless told otherwise. */
    static final class ContextBuilder {
        private final Map<String, String> settings = new HashMap<>(Map.of("mode", "enforce"));
        private Instant now = NOW;
        private TargetSnapshot snapshot = GuardFixtures.snapshot().build();
        private final ActionLedger ledger = new ActionLedger(Duration.ofDays(1));
        private ClusterHealth health = ClusterHealth.calm();
        private String incidentId = INCIDENT;
        private boolean force;

        ContextBuilder set(String key, String value) {
            settings.put(key, value);
            return this;
        }

        ContextBuilder at(Instant value) {
            now = value;
            return this;
        }

        ContextBuilder snapshot(TargetSnapshot value) {
            snapshot = value;
            return this;
        }

        ContextBuilder recorded(ActionLedger.Entry... entries) {
            List.of(entries).forEach(ledger::record);
            return this;
        }

        ContextBuilder health(ClusterHealth value) {
            health = value;
            return this;
        }

        ContextBuilder incident(String value) {
            incidentId = value;
            return this;
        }

        ContextBuilder force() {
            force = true;
            return this;
        }

        GuardContext build() {
            return new GuardContext(now, KubemedicConfig.from(settings), snapshot, ledger, health, incidentId, force);
        }
    }
}
