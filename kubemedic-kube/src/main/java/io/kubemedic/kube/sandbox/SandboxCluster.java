package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;

/**
 * An embedded Kubernetes API server for the sandbox: fabric8's mock server in CRUD mode, bound to 127.0.0.1 on a
 * free port, with {@link SandboxDispatcher} serving eviction and logs. A real HTTP server speaking the Kubernetes
 * API: Kubemedic talks to it exactly as to a real cluster.
 */
public final class SandboxCluster implements AutoCloseable {

    /** The mock server logs every request at INFO through java.util.logging; held here so the level sticks. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final SandboxDispatcher dispatcher;

    private SandboxCluster(KubernetesMockServer server, SandboxDispatcher dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
    }

    public static SandboxCluster start() {
        SandboxDispatcher dispatcher = new SandboxDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
        return new SandboxCluster(server, dispatcher);
    }

    /**
     * A new client for this server. Request retries are limited so a refused eviction (429) comes back to the
     * caller at once instead of being retried with back-off.
     */
    public KubernetesClient client() {
        return server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).withRequestTimeout(30_000).endConfig());
    }

    public String masterUrl() {
        try (KubernetesClient c = client()) {
            return c.getMasterUrl().toString();
        }
    }

    public SandboxDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
