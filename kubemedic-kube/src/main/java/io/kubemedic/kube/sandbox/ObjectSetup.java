package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates a scenario's namespace and objects on the server, adapted to where they land: the real namespace name,
 * owner uids resolved by name, an apiVersion the server serves, logical node names made real, and DaemonSets kept
 * to the scenario's nodes (a real DaemonSet controller would otherwise put a pod on every node of the cluster).
 */
final class ObjectSetup {

    private static final FieldPath NODE_SELECTOR = FieldPath.parse("spec.template.spec.nodeSelector");
    private static final FieldPath NODE_NAME = FieldPath.parse("spec.nodeName");

    private final KubernetesClient client;
    private final ServerObjects server;
    private final boolean real;
    private final String runLabel;

    ObjectSetup(KubernetesClient client, ServerObjects server, boolean real, String runLabel) {
        this.client = client;
        this.server = server;
        this.real = real;
        this.runLabel = runLabel;
    }

    void namespace(ScenarioRun run) {
        Map<String, String> labels = new HashMap<>(run.scenario.namespaceLabels());
        labels.put(ScenarioRun.SCENARIO_LABEL, run.name().length() <= 63 ? run.name() : run.name().substring(0, 63));
        labels.put(ScenarioRun.RUN_LABEL, runLabel);
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(run.namespace)
                    .withAnnotations(run.scenario.namespaceAnnotations()).withLabels(labels).endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            throw new ScenarioException(run.scenario.source() + ": cannot create namespace " + run.namespace + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the namespace's {@code default} ServiceAccount and its token: until they exist a real server refuses
     * pods there (the service-account admission plugin), and a bare pod in {@code objects} would be lost.
     */
    void awaitServiceAccount(List<ScenarioRun> runs, Duration timeout) throws InterruptedException {
        if (!real) {
            return;
        }
        Instant deadline = Instant.now().plus(timeout);
        for (ScenarioRun run : runs) {
            while (!ready(client.serviceAccounts().inNamespace(run.namespace).withName("default").get())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new ScenarioException("namespace " + run.namespace + " got no default ServiceAccount within " + timeout
                            + ": is kube-controller-manager running?");
                }
                Thread.sleep(100);
            }
        }
    }

    private static boolean ready(ServiceAccount sa) {
        return sa != null && sa.getSecrets() != null && !sa.getSecrets().isEmpty();
    }

    void objects(ScenarioRun run) {
        List<HasMetadata> objects = run.scenario.objects();
        for (int i = 0; i < objects.size(); i++) {
            create(run, objects.get(i), run.scenario.source() + ": objects[" + i + "]");
        }
    }

    /** Creates one object of the scenario in its real namespace. */
    HasMetadata create(ScenarioRun run, HasMetadata template, String where) {
        Map<String, Object> map = ServerObjects.asMap(template);
        FieldPath.parse("metadata.namespace").write(map, run.namespace);
        if ("DaemonSet".equals(template.getKind())) {
            Map<String, Object> selector = new HashMap<>();
            Object existing = NODE_SELECTOR.read(map);
            if (existing instanceof Map<?, ?> m) {
                m.forEach((k, v) -> selector.put(String.valueOf(k), v));
            }
            selector.put(ScenarioRun.RUN_LABEL, runLabel);
            selector.put(ScenarioRun.NODE_SET_LABEL, run.nodeSet);
            NODE_SELECTOR.write(map, selector);
        }
        if ("Pod".equals(template.getKind()) && NODE_NAME.readText(map) != null) {
            NODE_NAME.write(map, run.realNode(NODE_NAME.readText(map)));
        }
        HasMetadata o = ServerObjects.fromMap(map);
        Owners.resolve(server, o, where);
        try {
            return server.create(o);
        } catch (KubernetesClientException e) {
            throw new ScenarioException(where + ": the server refused " + template.getKind() + "/" + template.getMetadata().getName()
                    + ": " + e.getMessage(), e);
        }
    }
}
