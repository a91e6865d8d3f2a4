package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Reads the {@code kubectl get -o json}-shaped fixtures under src/test/resources/pods. */
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

    /** A snapshot of the pod's workload holding just these pods. */
    static TargetSnapshot snapshot(Pod... pods) {
        Pod first = pods[0];
        return TargetSnapshot.builder(ResourceRef.deployment(first.getMetadata().getNamespace(), "w"), NOW).pods(List.of(pods)).build();
    }
}
