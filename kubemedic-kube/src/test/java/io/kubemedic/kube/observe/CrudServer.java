package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode on 127.0.0.1, on a port chosen up front so a test can point a client at it
 * before it runs (to play "the server is not there yet"). Clients retry fast, so recovery tests stay short.
 */
final class CrudServer implements AutoCloseable {

    private final int port;
    private KubernetesMockServer server;

    CrudServer(int port) {
        this.port = port;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CrudServer started() {
        return new CrudServer(freePort()).start();
    }

    CrudServer start() {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), port);
        return this;
    }

    /** A client for this address with fabric8's retries made short: watch reconnects after 100 ms, no request retries. */
    KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port + "/")
                .withRequestRetryBackoffLimit(0).withWatchReconnectInterval(100).withConnectionTimeout(2_000).withRequestTimeout(5_000).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public void close() {
        if (server != null) {
            server.destroy();
        }
    }
}
