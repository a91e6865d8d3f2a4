package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An embedded Kubernetes API server for the sandbox: fabric8's mock server in CRUD mode, bound to 127.0.0.1 on a
 * free port, with {@link SandboxDispatcher} serving eviction, logs and strict JSON patches and recording every
 * mutating request. A real HTTP server speaking the Kubernetes API: Kubemedic talks to it exactly as to a real cluster.
 */
public final class SandboxCluster implements AutoCloseable {

    /** The User-Agent of {@link #emulatorClient()}: how the request log tells the emulators' writes from Kubemedic's. */
    public static final String EMULATOR_USER_AGENT = "kubemedic-sandbox-emulator";

    /** The mock server logs every request at INFO through java.util.logging; held here so the level sticks. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final SandboxDispatcher dispatcher;
    private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();

    private SandboxCluster(KubernetesMockServer server, SandboxDispatcher dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
    }

    /** Starts the server on 127.0.0.1 (never another interface) on a free port. */
    public static SandboxCluster start() {
        SandboxDispatcher dispatcher = new SandboxDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(loopback(), 0);
        return new SandboxCluster(server, dispatcher);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: a four-byte address is always valid
        }
    }

    /**
     * A new client for this server, closed with the cluster. Default fabric8 configuration except two things: the
     * address is 127.0.0.1 (the mock would say "localhost", which may resolve to ::1 where nothing listens), and
     * request retries are off. fabric8 retries a 429 with back-off (10 times, up to about 19 s by default), so without
     * that a refused eviction would come back to the caller only after the budget's whole retry ladder.
     */
    public KubernetesClient client() {
        return client(null);
    }

    /**
     * A client for the scenario player and its emulators (kubelet, controllers, nodes): as {@link #client()}, but
     * with the User-Agent {@value #EMULATOR_USER_AGENT}, so their requests are not taken for Kubemedic's.
     */
    public KubernetesClient emulatorClient() {
        return client(EMULATOR_USER_AGENT);
    }

    private KubernetesClient client(String userAgent) {
        KubernetesClient client = server.createClient(b -> {
            var config = b.editOrNewConfig().withMasterUrl(masterUrl()).withRequestRetryBackoffLimit(0).withRequestTimeout(30_000);
            if (userAgent != null) {
                config.withUserAgent(userAgent);
            }
            config.endConfig();
        });
        clients.add(client);
        return client;
    }

    /** The server's address, {@code http://127.0.0.1:PORT/}. */
    public String masterUrl() {
        return "http://127.0.0.1:" + server.getPort() + "/";
    }

    public SandboxDispatcher dispatcher() {
        return dispatcher;
    }

    /** Every mutating request the server received so far, in arrival order (see {@link SandboxDispatcher#requests()}). */
    public List<ApiRequest> requests() {
        return dispatcher.requests();
    }

    /** Closes every client this cluster handed out, then stops the server. */
    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        server.destroy();
    }
}
