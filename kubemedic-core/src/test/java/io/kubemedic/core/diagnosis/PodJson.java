package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Reads the {@code kubectl get -o json}-shaped fixtures under src/test/resources/pods with plain Jackson 3, as core
 * has the fabric8 model but not the client's serializer. Lists are read as {@code kubectl get <kind>s -o json} prints them.
 */
final class PodJson {

    static final Instant NOW = Instant.parse("2026-11-25T10:05:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PodJson() {
    }

    static <T> T read(String file, Class<T> type) {
        try (InputStream in = PodJson.class.getResourceAsStream("/pods/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + file);
            }
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Pod pod(String file) {
        return read(file, Pod.class);
    }

    static Node node(String file) {
        return read(file, Node.class);
    }

    static List<Node> nodes(String file) {
        return read(file, NodeList.class).getItems();
    }

    static Deployment deployment(String file) {
        return read(file, Deployment.class);
    }

    static Event event(String file) {
        return read(file, Event.class);
    }

    static List<Event> events(String file) {
        return read(file, EventList.class).getItems();
    }

    static PodMetrics metrics(String file) {
        return read(file, PodMetrics.class);
    }

    /** A snapshot of a workload holding just these pods, with metrics.k8s.io unavailable. */
    static TargetSnapshot snapshot(Pod... pods) {
        return workload(pods).build();
    }

    /** A snapshot builder for a Deployment target holding these pods, for tests that add events, nodes or metrics. */
    static TargetSnapshot.Builder workload(Pod... pods) {
        return TargetSnapshot.builder(ResourceRef.deployment(pods[0].getMetadata().getNamespace(), "w"), NOW).pods(List.of(pods));
    }

    /** A snapshot whose target is this Deployment. */
    static TargetSnapshot of(Deployment d) {
        return TargetSnapshot.builder(ResourceRef.deployment(d.getMetadata().getNamespace(), d.getMetadata().getName()), NOW)
                .deployment(d).build();
    }
}
