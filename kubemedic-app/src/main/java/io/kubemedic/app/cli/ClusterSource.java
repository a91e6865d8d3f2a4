package io.kubemedic.app.cli;

import io.fabric8.kubernetes.client.Config;
import io.kubemedic.core.config.ConfigException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where {@code kubemedic run} finds its cluster, looked for explicitly and in kubectl's order: {@code --kubeconfig},
 * {@code $KUBECONFIG}, {@code ~/.kube/config}, then the in-cluster service account. fabric8's
 * {@code Config.autoConfigure} never says "nothing found": it falls back to https://kubernetes.default.svc and the
 * command hung in DNS and retries. Here "nothing configured" is a result of its own, naming each place tried.
 */
final class ClusterSource {

    /** What the search reads, injectable so tests do not depend on the machine they run on. */
    record Environment(Map<String, String> env, Path home, Path serviceAccountToken) {
        /** This process's environment; home is $HOME as kubectl reads it, else the JVM's user.home. */
        static Environment system() {
            String home = System.getenv("HOME");
            return new Environment(System.getenv(), Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home),
                    Path.of(Config.KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH));
        }
    }

    /** A client configuration and a human description of where it came from. */
    record Found(Config config, String description, boolean inCluster) {
    }

    /** Nothing configured anywhere; {@link #getMessage()} lists every place looked at. */
    static final class NotConfigured extends RuntimeException {
        private final List<String> tried;

        NotConfigured(List<String> tried) {
            super("no cluster configured; tried: " + String.join("; ", tried));
            this.tried = List.copyOf(tried);
        }

        List<String> tried() {
            return tried;
        }
    }

    private ClusterSource() {
    }

    static Found find(Path kubeconfigFlag, String context, Environment e) {
        if (kubeconfigFlag != null) {
            if (!Files.isReadable(kubeconfigFlag)) {
                throw new ConfigException("kubeconfig " + kubeconfigFlag + " does not exist or cannot be read");
            }
            return new Found(Config.fromKubeconfig(context, kubeconfigFlag.toFile()), "--kubeconfig " + kubeconfigFlag, false);
        }
        List<String> tried = new ArrayList<>(List.of("--kubeconfig: not given"));
        String variable = e.env().get("KUBECONFIG");
        if (variable == null || variable.isBlank()) {
            tried.add("$KUBECONFIG: not set");
        } else {
            List<Path> files = Arrays.stream(variable.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
            List<Path> readable = files.stream().filter(Files::isReadable).toList();
            if (readable.size() == 1) {
                return new Found(Config.fromKubeconfig(context, readable.getFirst().toFile()), "$KUBECONFIG " + readable.getFirst(), false);
            }
            if (readable.size() > 1) {
                return new Found(Config.autoConfigure(context), "$KUBECONFIG " + variable, false);
            }
            tried.add("$KUBECONFIG=" + variable + ": no such file");
        }
        Path home = e.home().resolve(".kube").resolve("config");
        if (Files.isReadable(home)) {
            return new Found(Config.fromKubeconfig(context, home.toFile()), home.toString(), false);
        }
        tried.add(home + ": no such file");
        String host = e.env().get(Config.KUBERNETES_SERVICE_HOST_PROPERTY);
        boolean token = Files.isReadable(e.serviceAccountToken());
        if (host != null && !host.isBlank() && token) {
            return new Found(Config.autoConfigure(context), "in-cluster service account (" + e.serviceAccountToken() + ")", true);
        }
        List<String> missing = new ArrayList<>();
        if (!token) {
            missing.add(e.serviceAccountToken() + " not found");
        }
        if (host == null || host.isBlank()) {
            missing.add("$KUBERNETES_SERVICE_HOST not set");
        }
        tried.add("in-cluster service account: " + String.join(", ", missing));
        throw new NotConfigured(tried);
    }
}
