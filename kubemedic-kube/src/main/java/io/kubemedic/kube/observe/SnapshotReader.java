package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one {@link TargetSnapshot} from the informer caches. The only API reads are the ones no cache holds:
 * a namespace when scoped by an allow-list, and the existence of pull secrets named by a pod that cannot pull.
 */
final class SnapshotReader {

    private final KubernetesClient client;
    private final Informers in;
    private final MetricsPoller metrics;
    private final Clock clock;

    SnapshotReader(KubernetesClient client, Informers informers, MetricsPoller metrics, Clock clock) {
        this.client = client;
        this.in = informers;
        this.metrics = metrics;
        this.clock = clock;
    }

    TargetSnapshot read(ResourceRef t) {
        TargetSnapshot.Builder b = TargetSnapshot.builder(t, clock.instant());
        List<HasMetadata> involved = new ArrayList<>();
        List<Pod> pods = switch (t.kind()) {
            case ResourceRef.DEPLOYMENT -> {
                Deployment d = in.deployments.get(t.namespace(), t.name()).orElse(null);
                b.deployment(d);
                if (d == null) {
                    yield List.of();
                }
                involved.add(d);
                List<ReplicaSet> rss = in.replicaSets.byIndex(Informers.BY_OWNER, d.getMetadata().getUid());
                b.replicaSets(rss);
                involved.addAll(rss);
                yield rss.stream().flatMap(rs -> in.pods.byIndex(Informers.BY_OWNER, rs.getMetadata().getUid()).stream()).toList();
            }
            case ResourceRef.STATEFUL_SET -> {
                StatefulSet s = in.statefulSets.get(t.namespace(), t.name()).orElse(null);
                b.statefulSet(s);
                if (s == null) {
                    yield List.of();
                }
                involved.add(s);
                yield in.pods.byIndex(Informers.BY_OWNER, s.getMetadata().getUid());
            }
            case ResourceRef.NODE -> {
                Node n = in.nodes.get(null, t.name()).orElse(null);
                b.node(n);
                if (n != null) {
                    involved.add(n);
                }
                yield in.pods.byIndex(Informers.BY_NODE, t.name());
            }
            default -> in.pods.get(t.namespace(), t.name()).map(List::of).orElse(List.of());
        };
        if (!t.isKind(ResourceRef.NODE)) {
            involved.addAll(pods);
        }
        b.pods(pods).events(events(involved)).nodes(in.nodes.list());
        if (t.isNamespaced()) {
            b.namespace(namespace(t.namespace()))
                    .limitRanges(in.limitRanges.byIndex("namespace", t.namespace()))
                    .disruptionBudgets(in.disruptionBudgets(t.namespace()))
                    .pullSecrets(pullSecrets(t.namespace(), pods));
        }
        Map<String, PodMetrics> usage = new LinkedHashMap<>();
        pods.forEach(p -> {
            PodMetrics m = metrics.get(p.getMetadata().getNamespace(), p.getMetadata().getName());
            if (m != null) {
                usage.put(p.getMetadata().getName(), m);
            }
        });
        return b.podMetrics(usage, metrics.available()).build();
    }

    private List<Event> events(List<HasMetadata> objects) {
        List<Event> out = new ArrayList<>();
        for (HasMetadata o : objects) {
            out.addAll(in.events.byIndex(Informers.BY_INVOLVED, Informers.involvedKey(o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName())));
        }
        return out;
    }

    private Namespace namespace(String name) {
        if (in.namespaces != null) {
            return in.namespaces.get(null, name).orElse(null);
        }
        try {
            return client.namespaces().withName(name).get();
        } catch (KubernetesClientException e) {
            return null;
        }
    }

    /** Pull secret name to existence, read only for pods that are failing to pull. */
    private Map<String, Boolean> pullSecrets(String namespace, List<Pod> pods) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        pods.stream().filter(SnapshotReader::failingToPull)
                .flatMap(p -> p.getSpec().getImagePullSecrets() == null ? java.util.stream.Stream.<LocalObjectReference>empty() : p.getSpec().getImagePullSecrets().stream())
                .map(LocalObjectReference::getName).distinct()
                .forEach(name -> {
                    try {
                        out.put(name, client.secrets().inNamespace(namespace).withName(name).get() != null);
                    } catch (KubernetesClientException e) {
                        // forbidden to read secrets: leave it unknown rather than guess
                    }
                });
        return out;
    }

    private static boolean failingToPull(Pod p) {
        return p.getStatus() != null && p.getStatus().getContainerStatuses() != null && p.getStatus().getContainerStatuses().stream()
                .anyMatch(c -> c.getState() != null && c.getState().getWaiting() != null && c.getState().getWaiting().getReason() != null
                        && c.getState().getWaiting().getReason().matches("ErrImagePull|ImagePullBackOff"));
    }
}
