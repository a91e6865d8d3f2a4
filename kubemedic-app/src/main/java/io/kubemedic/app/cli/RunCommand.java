package io.kubemedic.app.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.decision.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Watches a real cluster. Dry-run unless enforcement is switched on explicitly. Before anything starts it finds the
 * cluster ({@link ClusterSource}) and checks it can be used ({@link ClusterConnection}), so a missing or wrong
 * kubeconfig gets an answer in seconds instead of a silent hang or an engine running on caches that never fill.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Watch a real cluster (kubeconfig or in-cluster config) and heal it.",
                "Default mode is dry-run: every decision is recorded and reported as it would be in enforce mode, marked not executed.",
                "Exit codes: 2 no cluster configured or bad options; 1 the cluster cannot be reached or refuses the credentials."})
public final class RunCommand implements Callable<Integer> {

    static final int NO_CLUSTER = 2;
    static final int UNREACHABLE = 1;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster).")
    Path kubeconfig;

    @Option(names = "--context", description = "kubeconfig context to use.")
    String context;

    @Mixin
    HttpOptions http;

    @Option(names = "--enforce", description = "Act on the cluster (same as --set mode=enforce).")
    boolean enforce;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", split = ",", description = "Only these namespaces (repeatable or comma-separated).")
    List<String> namespaces;

    /** Where the cluster is looked for; tests replace it. */
    ClusterSource.Environment environment = ClusterSource.Environment.system();
    /** Counted down to stop (the shutdown hook does it; tests too). */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        KubemedicConfig config = options.resolve(Map.of(), flags());
        io.kubemedic.app.web.Tokens tokens = http.tokens(); // a bad token file is a usage error, named before any connection
        if (!config.policyFile().isBlank()) {
            Policy.load(Path.of(config.policyFile())); // a bad policy is a usage error, named before any connection is tried
        }
        ClusterSource.Found source;
        try {
            source = ClusterSource.find(kubeconfig, context, environment);
        } catch (ClusterSource.NotConfigured e) {
            err.println("kubemedic: no cluster configured. Looked for one in:");
            e.tried().forEach(t -> err.println("  - " + t));
            err.println("Point to one with --kubeconfig FILE, or try Kubemedic on its built-in sandbox cluster: ./kubemedic demo");
            return NO_CLUSTER;
        }
        err.printf("kubemedic: cluster from %s: %s%n", source.description(), source.config().getMasterUrl());
        err.flush();
        ClusterConnection.Connected connected;
        try {
            connected = ClusterConnection.connect(() -> ClusterConnection.probe(source.config(), config.allowedNamespaces(),
                    ClusterConnection.ATTEMPT), source.inCluster(), err, d -> Thread.sleep(d));
        } catch (ClusterConnection.Unreachable e) {
            err.printf("kubemedic: cannot use the cluster at %s: %s%n", e.server(), e.reason());
            return UNREACHABLE;
        }
        err.printf("kubemedic: connected to %s, server version %s%n", connected.server(), connected.version());
        err.flush();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(source.config()).build();
             Kubemedic app = new Kubemedic(client, config, Kubemedic.Timing.production(), Clock.systemUTC(), EngineListener.NONE)) {
            Thread hook = new Thread(stop::countDown, "kubemedic-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                app.start(Kubemedic.Timing.production());
                for (var informer : app.observer().informerStates()) {
                    err.printf("kubemedic: informer %-24s %s, %d object(s)%s%n", informer.kind(), informer.inSync() ? "in sync" : "NOT in sync",
                            informer.objects(), informer.problem() == null ? "" : " (" + informer.problem() + ")");
                }
                if (!app.observer().inSync() && !source.inCluster()) {
                    err.printf("kubemedic: the caches did not sync within %s s: not starting on data it cannot trust%n",
                            Kubemedic.Timing.production().syncTimeout().toSeconds());
                    return UNREACHABLE;
                }
                var api = app.serve(tokens);
                err.printf("kubemedic: HTTP API on %s:%d%s%n", config.httpAddress(), api.port(), tokens.isEmpty()
                        ? " (no tokens: set KUBEMEDIC_TOKENS or --token-file, until then every POST is refused)" : " (" + tokens + ")");
                err.printf("kubemedic: running in %s mode, watching %s; audit trail in %s%n", config.mode().text(),
                        config.clusterScope() ? "the whole cluster" : "namespaces " + String.join(", ", config.allowedNamespaces()), config.auditPath());
                err.flush();
                stop.await();
            } finally {
                removeHook(hook);
            }
        }
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook is what brought us here
        }
    }

    private Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        if (enforce) {
            flags.put("mode", "enforce");
        }
        http.addTo(flags);
        if (namespaces != null && !namespaces.isEmpty()) {
            flags.put("namespaces.allow", String.join(",", namespaces));
        }
        return flags;
    }
}
