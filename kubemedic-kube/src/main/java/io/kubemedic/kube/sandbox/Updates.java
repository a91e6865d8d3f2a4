package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies a scenario's timeline change, e.g. rolling out a new image, as a user would with kubectl. */
final class Updates {

    private static final Logger LOG = LoggerFactory.getLogger(Updates.class);

    private Updates() {
    }

    static void apply(KubernetesClient client, Scenario s, Scenario.Update u) {
        if (!"Deployment".equals(u.target().kind())) {
            throw new ScenarioException(s.source() + ": updates support Deployment targets only, got " + u.target());
        }
        client.apps().deployments().inNamespace(s.namespace()).withName(u.target().name()).edit(d -> {
            if (u.image() != null) {
                d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(u.image());
            }
            if (u.replicas() != null) {
                d.getSpec().setReplicas(u.replicas());
            }
            return d;
        });
        LOG.info("sandbox: updated {} in {} (image={}, replicas={})", u.target(), s.namespace(), u.image(), u.replicas());
    }
}
