package io.kubemedic.app.demo;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubemedic.kube.sandbox.ApiRequest;
import io.kubemedic.kube.sandbox.SandboxCluster;
import io.kubemedic.kube.sandbox.ScenarioPlayer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a demo plays: the embedded sandbox, or a real API server named by a kubeconfig. Either way Kubemedic and the
 * scenario player get separate clients with separate User-Agents, and the server's own record of the mutating requests
 * it received (the sandbox's request log, or the real server's audit log) can be read back, so a verdict rests on what
 * the server saw, not on what Kubemedic says it did.
 */
abstract class DemoCluster implements AutoCloseable {

    /** The User-Agent of Kubemedic's requests in a demo; the judge tells its writes apart by it. */
    static final String USER_AGENT = "kubemedic/" + version();

    abstract ScenarioPlayer.Server server();

    abstract String describe();

    /** Kubemedic's client. */
    abstract KubernetesClient engineClient();

    /** The scenario player's client. */
    abstract KubernetesClient playerClient();

    /** Mutating requests the server received and answered so far; empty when the server keeps no such record. */
    abstract Optional<List<ApiRequest>> requests();

    @Override
    public abstract void close();

    /** Sets the text a pod's log answers (the sandbox only: a real server's pods log what their containers print). */
    void setPodLog(String namespace, String pod, String text) {
        throw new UnsupportedOperationException("pod logs can only be set on the sandbox");
    }

    static DemoCluster sandbox() {
        return new Sandbox(SandboxCluster.start());
    }

    /**
     * A real API server. {@code auditLog}, when readable, is its audit log: the real-apiserver tool writes it to
     * {@code $K8S_HOME/logs/audit.log}, next to the kubeconfig's folder.
     */
    static DemoCluster real(Config config, Path auditLog) {
        return new Real(config, auditLog);
    }

    private static String version() {
        String v = DemoCluster.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static final class Sandbox extends DemoCluster {
        private final SandboxCluster cluster;
        private final KubernetesClient engine;
        private final KubernetesClient player;

        Sandbox(SandboxCluster cluster) {
            this.cluster = cluster;
            this.engine = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(cluster.masterUrl())
                    .withUserAgent(USER_AGENT).withRequestTimeout(30_000).build()).build();
            this.player = cluster.emulatorClient();
        }

        @Override ScenarioPlayer.Server server() {
            return ScenarioPlayer.Server.SANDBOX;
        }

        @Override String describe() {
            return "the sandbox API server at " + cluster.masterUrl();
        }

        @Override KubernetesClient engineClient() {
            return engine;
        }

        @Override KubernetesClient playerClient() {
            return player;
        }

        @Override Optional<List<ApiRequest>> requests() {
            return Optional.of(cluster.requests());
        }

        @Override void setPodLog(String namespace, String pod, String text) {
            cluster.dispatcher().setPodLog(namespace, pod, text);
        }

        @Override public void close() {
            engine.close();
            cluster.close();
        }
    }

    private static final class Real extends DemoCluster {
        private final KubernetesClient engine;
        private final KubernetesClient player;
        private final Path auditLog;

        Real(Config config, Path auditLog) {
            this.engine = new KubernetesClientBuilder().withConfig(new ConfigBuilder(config).withUserAgent(USER_AGENT).build()).build();
            this.player = new KubernetesClientBuilder().withConfig(new ConfigBuilder(config).withUserAgent("kubemedic-scenario-player").build()).build();
            this.auditLog = auditLog;
        }

        @Override ScenarioPlayer.Server server() {
            return ScenarioPlayer.Server.REAL;
        }

        @Override String describe() {
            return "the API server at " + engine.getMasterUrl() + (auditLog != null && Files.isReadable(auditLog) ? " (audit log " + auditLog + ")" : "");
        }

        @Override KubernetesClient engineClient() {
            return engine;
        }

        @Override KubernetesClient playerClient() {
            return player;
        }

        @Override Optional<List<ApiRequest>> requests() {
            if (auditLog == null || !Files.isReadable(auditLog)) {
                return Optional.empty();
            }
            try (Stream<String> lines = Files.lines(auditLog)) {
                return Optional.of(lines.map(ApiRequest::fromAuditEvent).flatMap(Optional::stream).toList());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the API server's audit log " + auditLog, e);
            }
        }

        @Override public void close() {
            engine.close();
            player.close();
        }
    }
}
