package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Applies a scenario's timeline change as a user would with kubectl: read the object, change the fields, write it
 * back with its resourceVersion. A conflict (someone else wrote in between, e.g. the healer) is retried on the next
 * tick; any other refusal is a broken scenario and is reported as such.
 */
final class Updates {

    private static final Logger LOG = LoggerFactory.getLogger(Updates.class);

    private final ServerObjects server;
    private final ObjectSetup setup;

    Updates(ServerObjects server, ObjectSetup setup) {
        this.server = server;
        this.setup = setup;
    }

    /** @return true when done (applied, or failed for good and recorded); false to retry next tick */
    boolean apply(ScenarioRun run, Scenario.Update u) {
        try {
            if (u.create() != null) {
                setup.create(run, u.create(), u.where());
            } else if (u.writes().isEmpty()) {
                Scenario.Target t = run.resolve(u.target());
                if (!server.delete(t.kind(), run.namespace, t.name())) {
                    run.problems.add(u.where() + ": " + u.target() + " to delete does not exist");
                }
            } else {
                write(run, u);
            }
            LOG.info("scenario player: {} applied in {}", u.where(), run.namespace);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            run.problems.add(u.where() + " failed: " + e.getCode() + " " + e.getMessage());
            LOG.warn("scenario player: {} failed in {}: {}", u.where(), run.namespace, e.getMessage());
            return true;
        } catch (ScenarioException | IllegalArgumentException e) {
            run.problems.add(u.where() + " failed: " + e.getMessage());
            LOG.warn("scenario player: {} failed in {}: {}", u.where(), run.namespace, e.getMessage());
            return true;
        }
    }

    private void write(ScenarioRun run, Scenario.Update u) {
        Scenario.Target t = run.resolve(u.target());
        HasMetadata current = server.get(t, run.namespace);
        if (current == null) {
            throw new ScenarioException(u.target() + " does not exist");
        }
        Map<String, Object> map = ServerObjects.asMap(current);
        for (Scenario.FieldWrite w : u.writes()) {
            w.path().write(map, w.value());
        }
        server.update(ServerObjects.fromMap(map));
    }
}
