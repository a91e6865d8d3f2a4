package io.kubemedic.app.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubemedic.app.demo.DemoReport;
import io.kubemedic.app.demo.DemoRunner;
import io.kubemedic.app.demo.ScenarioResult;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.kube.sandbox.Scenario;
import io.kubemedic.kube.sandbox.ScenarioLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built-in scenario on the real kube-apiserver 1.20 + etcd + controller-manager, as {@code ./kubemedic demo
 * --kubeconfig} plays them: the real controllers make the ReplicaSets and pods, the player plays only the scheduler,
 * kubelets and metrics-server, and each scenario is judged from the store, the final objects and the server's audit log.
 * The same files pass on the sandbox ({@link io.kubemedic.app.demo.BuiltInScenariosIT}).
 */
class ScenariosE2E {

    @TempDir
    static Path dir;

    static List<Scenario> scenarios;
    static DemoReport report;
    static KubernetesClient admin;

    @BeforeAll
    static void playAllOnTheRealServer() throws Exception {
        String kubeconfig = System.getProperty("kubemedic.e2e.kubeconfig");
        assertThat(kubeconfig).as("-Dkubemedic.e2e.kubeconfig (./run-tests passes it when the real API server runs)").isNotBlank();
        Config config = Config.fromKubeconfig(null, new File(kubeconfig));
        admin = new KubernetesClientBuilder().withConfig(config).build();
        Path auditLog = Path.of(kubeconfig).toAbsolutePath().getParent().resolve("logs/audit.log");
        scenarios = ScenarioLoader.builtIn();
        KubemedicConfig settings = KubemedicConfig.from(DemoRunner.SANDBOX_SETTINGS, Map.of("audit.path", dir.resolve("demo.db").toString()));
        report = new DemoRunner(settings, System.err, Clock.systemUTC()).runOn(config, Files.isReadable(auditLog) ? auditLog : null,
                scenarios, EngineListener.NONE);
    }

    @Test
    void everyBuiltInScenarioEndsAsItsFileExpectsOnTheRealServer() {
        assertThat(report.scenarios()).hasSize(scenarios.size()).hasSizeGreaterThanOrEqualTo(17);
        assertThat(report.scenarios()).allSatisfy(r -> assertThat(r.passed()).as("%s (%s): %s", r.name(), r.namespace(), r.failures()).isTrue());
    }

    @Test
    void eachScenarioPlayedInAFreshNamespaceThatIsGoneAfterwards() {
        assertThat(report.scenarios()).extracting(ScenarioResult::namespace).doesNotHaveDuplicates()
                .allSatisfy(ns -> assertThat(scenarios.stream().map(Scenario::namespace)).doesNotContain(ns));
        for (ScenarioResult r : report.scenarios()) {
            var ns = admin.namespaces().withName(r.namespace()).get();
            assertThat(ns == null || ns.getMetadata().getDeletionTimestamp() != null).as(r.namespace() + " removed").isTrue();
        }
    }
}
