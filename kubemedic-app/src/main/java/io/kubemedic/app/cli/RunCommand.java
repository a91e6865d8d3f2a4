package io.kubemedic.app.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.KubemedicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/** Watches a real cluster. Dry-run unless enforcement is switched on explicitly. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Watch a real cluster (kubeconfig or in-cluster config) and heal it.",
                "Default mode is dry-run: every decision is recorded and reported as it would be in enforce mode, marked not executed."})
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster).")
    Path kubeconfig;

    @Option(names = "--context", description = "kubeconfig context to use.")
    String context;

    @Option(names = "--enforce", description = "Act on the cluster (same as --set mode=enforce).")
    boolean enforce;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", split = ",", description = "Only these namespaces (repeatable or comma-separated).")
    List<String> namespaces;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        if (enforce) {
            flags.put("mode", "enforce");
        }
        if (namespaces != null && !namespaces.isEmpty()) {
            flags.put("namespaces.allow", String.join(",", namespaces));
        }
        KubemedicConfig config = options.resolve(Map.of(), flags);
        Config kube = clientConfig();
        System.err.printf("kubemedic: watching %s in %s mode; audit trail in %s%n", kube.getMasterUrl(), config.mode().text(), config.auditPath());
        CountDownLatch stop = new CountDownLatch(1);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(kube).build();
             Kubemedic app = new Kubemedic(client, config, Kubemedic.Timing.production(), Clock.systemUTC(), EngineListener.NONE)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "kubemedic-shutdown"));
            app.start(Kubemedic.Timing.production());
            stop.await();
        }
        return 0;
    }

    private Config clientConfig() {
        if (kubeconfig != null) {
            if (!Files.isReadable(kubeconfig)) {
                throw new io.kubemedic.core.config.ConfigException("kubeconfig " + kubeconfig + " does not exist or cannot be read");
            }
            return Config.fromKubeconfig(context, kubeconfig.toFile());
        }
        return context == null ? Config.autoConfigure(null) : Config.autoConfigure(context);
    }
}
