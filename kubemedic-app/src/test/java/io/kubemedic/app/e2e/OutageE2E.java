package io.kubemedic.app.e2e;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.kube.observe.ClusterObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An API-server outage in the middle of a run, on a PRIVATE real kube-apiserver 1.20 + etcd + controller-manager
 * (scripts/real-apiserver/start.sh with its own home and ports; the shared instance on 6443 is never touched). Only
 * kube-apiserver is stopped, by its pid, and restarted with the very arguments it ran with (/proc/PID/cmdline).
 * While it is down the observer must say its caches cannot be trusted; when it is back the informers must recover
 * on their own and see what changed: objects created and deleted as soon as the server answered again, while the
 * observer's watches were still backing off.
 */
class OutageE2E {

    private static final String NS = "outage";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static Path home;
    private static Path scripts;
    private static KubernetesClient admin;

    @BeforeAll
    static void privateApiServer() throws Exception {
        String shared = System.getProperty("kubemedic.e2e.kubeconfig");
        assertThat(shared).as("-Dkubemedic.e2e.kubeconfig (the built server's binaries are found beside it)").isNotBlank();
        Path bin = Path.of(shared).toAbsolutePath().getParent().resolve("bin");
        assertThat(bin.resolve("kube-apiserver")).as("built kube-apiserver").isExecutable();
        scripts = repoRoot().resolve("scripts/real-apiserver");
        home = Files.createTempDirectory("kubemedic-outage-");
        int[] ports = freePorts(4);
        Process p = script("start.sh", Map.of("K8S_HOME", home.toString(), "K8S_BIN", bin.toString(), "APISERVER_PORT", "" + ports[0],
                "ETCD_PORT", "" + ports[1], "ETCD_PEER_PORT", "" + ports[2], "KCM_PORT", "" + ports[3]));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("start.sh finished").isTrue();
        assertThat(p.exitValue()).as("start.sh exit; see " + home.resolve("start.sh.out")).isZero();
        admin = client();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        await().atMost(WAIT).until(() -> admin.serviceAccounts().inNamespace(NS).withName("default").get() != null);
    }

    @AfterAll
    static void stopPrivateApiServer() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (home != null) {
            script("stop.sh", Map.of("K8S_HOME", home.toString())).waitFor(30, TimeUnit.SECONDS);
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static Process script(String name, Map<String, String> env) throws IOException {
        ProcessBuilder b = new ProcessBuilder(scripts.resolve(name).toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(name + ".out").toFile()));
        b.environment().putAll(env);
        return b.start();
    }

    private static KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, home.resolve("kubeconfig").toFile())).build();
    }

    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/real-apiserver/start.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("scripts/real-apiserver/start.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static int[] freePorts(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            }
            return Arrays.stream(sockets).mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    /** The kube-apiserver this test's start.sh launched: its pid from $K8S_HOME/pids, recognised by its command line. */
    private static long apiServerPid() throws IOException {
        return Files.readAllLines(home.resolve("pids")).stream().filter(l -> !l.isBlank()).mapToLong(Long::parseLong)
                .filter(pid -> commandLine(pid).stream().findFirst().map(c -> c.endsWith("/kube-apiserver")).orElse(false))
                .reduce((a, b) -> b).orElseThrow();
    }

    private static List<String> commandLine(long pid) {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Stops only kube-apiserver, as a crash would (SIGKILL: with watches open, 1.20's graceful shutdown on SIGTERM
     * waited over 40 s here); returns the command line to start it again exactly as it was.
     */
    private static List<String> stopApiServer() throws IOException {
        long pid = apiServerPid();
        List<String> args = commandLine(pid);
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        handle.destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !handle.isAlive());
        return args;
    }

    private static void restartApiServer(List<String> args) throws IOException {
        Process p = new ProcessBuilder(args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("logs/apiserver-restarted.log").toFile())).start();
        Files.writeString(home.resolve("pids"), p.pid() + "\n", StandardOpenOption.APPEND); // so stop.sh stops it too
        await().atMost(WAIT).ignoreExceptions().until(() -> admin.getKubernetesVersion() != null
                && admin.namespaces().withName(NS).get() != null);
    }

    @Test
    void theObserverHoldsWhileTheApiServerIsDownAndRecoversOnItsOwnSeeingWhatChanged() throws Exception {
        deployment("web");
        admin.pods().inNamespace(NS).resource(bare("doomed")).create();
        await().atMost(WAIT).until(() -> admin.pods().inNamespace(NS).withLabel("app", "web").list().getItems().size() == 2);

        ResourceRef web = ResourceRef.deployment(NS, "web");
        Set<ResourceRef> seen = ConcurrentHashMap.newKeySet();
        try (KubernetesClient client = client();
             ClusterObserver observer = new ClusterObserver(client, KubemedicConfig.from(Map.of("namespaces.allow", NS)), Clock.systemUTC(),
                     Duration.ofMinutes(10), Duration.ofMinutes(10))) {
            observer.start(seen::add, Duration.ofSeconds(60));
            assertThat(observer.inSync()).isTrue();
            assertThat(observer.serverVersion()).contains("v1.20.2");
            assertThat(observer.snapshot(web).pods()).hasSize(2);
            assertThat(observer.snapshot(web).cluster().unreadable()).isEmpty();

            long down = System.nanoTime();
            List<String> args = stopApiServer();
            await().atMost(Duration.ofSeconds(30)).until(() -> !observer.inSync());
            long noticed = System.nanoTime();
            assertThat(observer.allTargets()).as("nothing handed out for re-examination while out of sync").isEmpty();
            assertThat(observer.snapshot(web).cluster().unreadable()).anySatisfy(u -> assertThat(u).startsWith("Pod informer not in sync"))
                    .anySatisfy(u -> assertThat(u).startsWith("namespace " + NS));

            restartApiServer(args);
            long up = System.nanoTime();
            admin.pods().inNamespace(NS).resource(bare("born-after-restart")).create();
            admin.pods().inNamespace(NS).withName("doomed").withGracePeriod(0).delete();
            admin.apps().deployments().inNamespace(NS).withName("web").scale(3);
            boolean stillOutOfSync = !observer.inSync();

            await().atMost(WAIT).until(observer::inSync);
            long back = System.nanoTime();
            await().atMost(WAIT).until(() -> !observer.snapshot(ResourceRef.pod(NS, "born-after-restart")).gone()
                    && observer.snapshot(ResourceRef.pod(NS, "doomed")).gone() && observer.snapshot(web).pods().size() == 3);
            await().atMost(WAIT).until(() -> seen.contains(ResourceRef.pod(NS, "born-after-restart")));
            assertThat(observer.snapshot(web).cluster().unreadable()).isEmpty();
            assertThat(observer.allTargets()).contains(web, ResourceRef.pod(NS, "born-after-restart"));
            System.out.printf("OutageE2E: out of sync %d ms after the kill; API server answering again %d ms after the kill; observer in sync"
                    + " %d ms after that; objects changed while the observer was %s%n", (noticed - down) / 1_000_000, (up - down) / 1_000_000,
                    (back - up) / 1_000_000, stillOutOfSync ? "still out of sync" : "already back in sync");
        }
    }

    /**
     * Kubemedic itself, in dry-run, across the outage: it records nothing while the API server is down (the engine
     * does not decide on caches out of sync) and, once the server is back, reacts to a crash loop that starts then.
     */
    @Test
    void kubemedicInDryRunSitsOutTheOutageAndReactsToWhatBreaksAfterIt() throws Exception {
        deployment("api");
        await().atMost(WAIT).until(() -> apiPods().size() == 2);
        apiPods().forEach(p -> status(p, "Running", "True", null));
        KubemedicConfig config = KubemedicConfig.from(Map.of("mode", "dry-run", "namespaces.allow", NS,
                "audit.path", home.resolve("outage-audit.db").toString(), "verify.pollInterval", "500ms"));
        Kubemedic.Timing timing = new Kubemedic.Timing(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60));
        try (KubernetesClient client = client();
             Kubemedic app = new Kubemedic(client, config, timing, Clock.systemUTC(), EngineListener.NONE).start(timing)) {
            int before = app.audit().recent(1000).size();
            List<String> args = stopApiServer();
            // nothing recorded for two resync periods while the API server is down
            await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(15)).until(() -> app.audit().recent(1000).size() == before);

            restartApiServer(args);
            status(apiPods().getFirst(), "Running", "False", "CrashLoopBackOff");
            await().atMost(WAIT).until(() -> app.audit().recent(1000).stream()
                    .anyMatch(r -> r.status() == AuditStatus.DRY_RUN && NS.equals(r.workload().namespace())));
        }
    }

    /** Two replicas labelled app=NAME; the real controller-manager creates the ReplicaSet and pods. */
    private static void deployment(String name) {
        admin.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.example.com/" + name + ":1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
    }

    private static List<io.fabric8.kubernetes.api.model.Pod> apiPods() {
        return admin.pods().inNamespace(NS).withLabel("app", "api").list().getItems();
    }

    /** Plays the kubelet: writes the pod's status (Ready as given; a waiting reason makes the container crash-loop). */
    private static void status(io.fabric8.kubernetes.api.model.Pod pod, String phase, String ready, String waiting) {
        io.fabric8.kubernetes.api.model.Pod fresh = admin.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
        var container = new ContainerStatusBuilder().withName("app").withImage("registry.example.com/api:1").withImageID("")
                .withReady(waiting == null).withRestartCount(waiting == null ? 0 : 6);
        container = waiting == null ? container.withNewState().withNewRunning().endRunning().endState()
                : container.withNewState().withNewWaiting().withReason(waiting).endWaiting().endState()
                        .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endLastState();
        fresh.setStatus(new PodStatusBuilder().withPhase(phase).addNewCondition().withType("Ready").withStatus(ready).endCondition()
                .addToContainerStatuses(container.build()).build());
        admin.pods().inNamespace(NS).resource(fresh).updateStatus();
    }

    private static io.fabric8.kubernetes.api.model.Pod bare(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.example.com/tool:1").endContainer().endSpec().build();
    }
}
