package io.kubemedic.app.demo;

import io.kubemedic.app.audit.JdbcAuditStore;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.Reason;
import io.kubemedic.kube.sandbox.Scenario;
import io.kubemedic.kube.sandbox.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promises users trust Kubemedic for, each proved against the sandbox cluster with the real engine: a real
 * cluster's default mode records but never acts, nothing happens outside the allowed namespaces, the kill switch
 * stops everything, and the hourly budget is never exceeded. (The bare pod that is never deleted is proved in
 * {@link BuiltInScenariosIT}.)
 */
class SafetyIT {

    @TempDir
    Path dir;

    /** A Deployment of two pods that crash-loop until replaced: the standard "evict it" case. */
    static Scenario crashLoop(String namespace, String deployment, String outcome, String action) {
        return ScenarioLoader.parse("""
                name: %1$s
                namespace: %1$s
                objects:
                %2$s
                faults:
                  - {at: 1s, target: Deployment/%3$s, type: crashLoop, clearWhen: {podRecreated: true}}
                expect:
                  action: %5$s
                  outcome: %4$s
                  within: 12s
                """.formatted(namespace, crashLoopDeployment(deployment), deployment, outcome, action), "safety-" + namespace);
    }

    private record Run(DemoReport report, List<AuditRecord> audit) {
    }

    private Run run(Map<String, String> settings, List<Scenario> scenarios) throws Exception {
        Path db = dir.resolve("audit-" + System.nanoTime() + ".db");
        Map<String, String> all = new HashMap<>(DemoRunner.SANDBOX_SETTINGS);
        all.putAll(settings);
        all.put("audit.path", db.toString());
        DemoReport report = new DemoRunner(KubemedicConfig.from(all), System.err, Clock.systemUTC()).run(scenarios, EngineListener.NONE);
        try (JdbcAuditStore store = JdbcAuditStore.openSqlite(db)) {
            return new Run(report, store.recent(10_000));
        }
    }

    private static boolean executed(AuditRecord r) {
        return r.actionType() != null && r.actionType().mutating() && r.status() == AuditStatus.SUCCEEDED;
    }

    @Test
    void dryRunWritesTheSameDecisionMarkedNotExecutedAndTouchesNothing() throws Exception {
        Scenario s = crashLoop("safety-dry", "web", "DRY_RUN", "none");
        Run run = run(Map.of("mode", "dry-run"), List.of(s));
        assertThat(run.report().scenarios().getFirst().failures()).isEmpty();
        assertThat(run.audit()).noneMatch(SafetyIT::executed);
        assertThat(run.audit()).anySatisfy(r -> {
            assertThat(r.status()).isEqualTo(AuditStatus.DRY_RUN);
            assertThat(r.actionType()).isEqualTo(ActionType.EVICT_POD);
            assertThat(r.mode()).isEqualTo("dry-run");
            assertThat(r.reason()).isEqualTo(Reason.DRY_RUN);
        });
    }

    @Test
    void nothingIsDoneOutsideTheAllowedNamespaces() throws Exception {
        Scenario inside = crashLoop("safety-allowed", "web", "HEALED", "evict-pod");
        Scenario outside = crashLoop("safety-other", "web", "NONE", "none");
        Run run = run(Map.of("namespaces.allow", "safety-allowed"), List.of(inside, outside));
        assertThat(run.report().scenarios()).allSatisfy(r -> assertThat(r.failures()).as(r.name()).isEmpty());
        assertThat(run.audit()).as("not even observed outside the scope").noneMatch(r -> "safety-other".equals(r.workload().namespace()));
        assertThat(run.audit()).anyMatch(r -> executed(r) && "safety-allowed".equals(r.workload().namespace()));
    }

    @Test
    void deniedNamespacesAreNeverActedIn() throws Exception {
        Scenario denied = crashLoop("safety-denied", "web", "NONE", "none");
        Run run = run(Map.of("namespaces.deny", "kube-system,safety-denied"), List.of(denied));
        assertThat(run.report().scenarios().getFirst().failures()).isEmpty();
        assertThat(run.audit()).noneMatch(SafetyIT::executed);
    }

    @Test
    void aScenarioThatDeniesOrLeavesOutItsOwnNamespaceGetsNothingDoneThere() throws Exception {
        Scenario denied = withConfig("safety-own-deny", "namespaces.deny: safety-own-deny");
        Scenario allowedAndDenied = withConfig("safety-own-both", "{namespaces.allow: safety-own-both, namespaces.deny: safety-own-both}");
        Scenario notAllowed = withConfig("safety-own-other", "namespaces.allow: somewhere-else");
        Run run = run(Map.of(), List.of(denied, allowedAndDenied, notAllowed));
        assertThat(run.report().scenarios()).allSatisfy(r -> assertThat(r.failures()).isEmpty());
        assertThat(run.audit()).noneMatch(SafetyIT::executed);
    }

    /** The crash loop of {@link #crashLoop} with the scenario's own config, expected to get nothing done. */
    private static Scenario withConfig(String namespace, String config) {
        return ScenarioLoader.parse("""
                name: %1$s
                namespace: %1$s
                config: %2$s
                objects:
                %3$s
                faults:
                  - {at: 1s, target: Deployment/web, type: crashLoop, clearWhen: {podRecreated: true}}
                expect:
                  outcome: NONE
                  maxActions: 0
                  finalState: [{podsUnchanged: true}]
                  within: 12s
                """.formatted(namespace, config.startsWith("{") ? config : "{" + config + "}", crashLoopDeployment("web")), "safety-" + namespace);
    }

    @Test
    void theKillSwitchStopsEveryAction() throws Exception {
        Scenario s = crashLoop("safety-killed", "web", "SUPPRESSED", "none");
        Run run = run(Map.of("killSwitch", "true"), List.of(s));
        assertThat(run.report().scenarios().getFirst().failures()).isEmpty();
        assertThat(run.audit()).noneMatch(SafetyIT::executed);
        assertThat(run.audit()).anyMatch(r -> r.status() == AuditStatus.DENIED && r.reason() == Reason.KILL_SWITCH);
    }

    @Test
    void aDestructiveStepThePolicyDoesNotMarkAutomaticWaitsForApprovalAndIsNotDropped() throws Exception {
        Path policy = dir.resolve("policy.yaml");
        java.nio.file.Files.writeString(policy, """
                rules:
                  - name: crash-loop-needs-approval
                    finding: CRASH_LOOP_BACK_OFF
                    ladder: [evict-pod, escalate]
                """);
        Scenario s = crashLoop("safety-approval", "web", "PENDING_APPROVAL", "none");
        Run run = run(Map.of("policy.file", policy.toString()), List.of(s));
        assertThat(run.report().scenarios().getFirst().failures()).isEmpty();
        assertThat(run.audit()).noneMatch(SafetyIT::executed);
        assertThat(run.audit()).anySatisfy(r -> {
            assertThat(r.status()).isEqualTo(AuditStatus.PENDING_APPROVAL);
            assertThat(r.actionType()).isEqualTo(ActionType.EVICT_POD);
            assertThat(r.reason()).isEqualTo(Reason.APPROVAL_REQUIRED);
            assertThat(r.initiator()).isEqualTo("policy:crash-loop-needs-approval");
        });
    }

    @Test
    void theNamespaceBudgetIsNeverExceeded() throws Exception {
        // two crash-looping Deployments in one namespace, each needing two evictions; the budget allows one action an hour
        Scenario s = ScenarioLoader.parse(crashLoopYamlWithTwoDeployments(), "safety-budget");
        Run run = run(Map.of("rateLimit.perNamespace", "1"), List.of(s));
        assertThat(run.audit().stream().filter(SafetyIT::executed).count()).isEqualTo(1);
        assertThat(run.audit()).anyMatch(r -> r.status() == AuditStatus.HELD && r.reason() == Reason.RATE_LIMIT_NAMESPACE);
    }

    private static String crashLoopYamlWithTwoDeployments() {
        String one = crashLoopDeployment("a");
        String two = crashLoopDeployment("b");
        return """
                name: safety-budget
                namespace: safety-budget
                objects:
                %s
                %s
                faults:
                  - {at: 1s, target: Deployment/a, type: crashLoop, clearWhen: {podRecreated: true}}
                  - {at: 1s, target: Deployment/b, type: crashLoop, clearWhen: {podRecreated: true}}
                expect:
                  outcome: HEALED
                  within: 8s
                """.formatted(one, two);
    }

    private static String crashLoopDeployment(String name) {
        return """
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: %1$s}
                    spec:
                      replicas: 2
                      selector: {matchLabels: {app: %1$s}}
                      template:
                        metadata: {labels: {app: %1$s}}
                        spec:
                          containers: [{name: app, image: "registry.example.com/%1$s:1", resources: {limits: {memory: 256Mi}}}]""".formatted(name);
    }
}
