package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubemedic.core.model.Ownership;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import io.kubemedic.core.model.TargetSnapshot.ClusterFacts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds one {@link TargetSnapshot} from the informer caches. The only API read is the one no cache holds: whether
 * the pull secrets named by a pod that cannot pull exist. Whatever could not be read is named in the cluster facts.
 */
final class SnapshotReader {

    private final KubernetesClient client;
    private final Informers in;
    private final MetricsPoller metrics;
    private final Clock clock;
    private final ClusterFacts facts;

    /** {@code facts} carries the version and scope; this reader adds what it could not read. */
    SnapshotReader(KubernetesClient client, Informers informers, MetricsPoller metrics, Clock clock, ClusterFacts facts) {
        this.client = client;
        this.in = informers;
        this.metrics = metrics;
        this.clock = clock;
        this.facts = facts;
    }

    TargetSnapshot read(ResourceRef t) {
        TargetSnapshot.Builder b = TargetSnapshot.builder(t, clock.instant());
        List<String> unreadable = new ArrayList<>(Unreadable.of(in, t));
        List<HasMetadata> involved = new ArrayList<>();
        String ns = t.namespace();
        List<Pod> pods = switch (t.kind()) {
            case ResourceRef.DEPLOYMENT -> {
                Optional<Deployment> d = in.deployments.get(ns, t.name());
                d.ifPresent(b::deployment);
                List<ReplicaSet> rss = d.map(x -> in.replicaSets.byIndex(Informers.BY_OWNER_UID, x.getMetadata().getUid())).orElse(List.of());
                b.replicaSets(rss);
                d.ifPresent(involved::add);
                involved.addAll(rss);
                yield rss.stream().flatMap(rs -> podsOf(ResourceRef.REPLICA_SET, ns, rs.getMetadata().getName(), rs).stream()).toList();
            }
            case ResourceRef.STATEFUL_SET -> owned(in.statefulSets.get(ns, t.name()), b::statefulSet, t, involved);
            case ResourceRef.DAEMON_SET -> owned(in.daemonSets.get(ns, t.name()), b::daemonSet, t, involved);
            case ResourceRef.JOB -> owned(in.jobs.get(ns, t.name()), b::job, t, involved);
            case ResourceRef.REPLICA_SET -> {
                Optional<ReplicaSet> rs = in.replicaSets.get(ns, t.name());
                rs.ifPresent(x -> b.replicaSets(List.of(x)));
                yield owned(rs, x -> { }, t, involved);
            }
            case ResourceRef.NODE -> {
                Optional<Node> n = in.nodes == null ? Optional.empty() : in.nodes.get(null, t.name());
                n.ifPresent(b::node);
                n.ifPresent(involved::add);
                yield in.pods.byIndex(Informers.BY_NODE, t.name());
            }
            case ResourceRef.POD -> in.pods.get(ns, t.name()).map(List::of).orElse(List.of());
            default -> podsOf(t.kind(), ns, t.name(), null);
        };
        if (!t.isKind(ResourceRef.NODE)) {
            involved.addAll(pods);
        }
        b.pods(pods).events(events(involved)).nodes(in.nodes == null ? List.of() : in.nodes.list());
        if (t.isNamespaced()) {
            b.namespace(in.namespaces.get(null, ns).orElse(null))
                    .limitRanges(in.limitRanges.inNamespace(ns))
                    .resourceQuotas(in.resourceQuotas.inNamespace(ns))
                    .disruptionBudgets(in.disruptionBudgets(ns))
                    .autoscalers(autoscalersOf(t))
                    .pullSecrets(pullSecrets(ns, pods));
        }
        Map<String, PodMetrics> usage = new LinkedHashMap<>();
        pods.forEach(p -> {
            PodMetrics m = metrics.get(p.getMetadata().getNamespace(), p.getMetadata().getName());
            if (m != null) {
                usage.put(p.getMetadata().getName(), m);
            }
        });
        return b.podMetrics(usage, metrics.available())
                .cluster(new ClusterFacts(facts.serverMajor(), facts.serverMinor(), facts.clusterScope(), unreadable)).build();
    }

    /** The controller object (set on the builder when cached) and its pods, found by the owner's kind and name. */
    private <W extends HasMetadata> List<Pod> owned(Optional<W> owner, java.util.function.Consumer<W> set, ResourceRef t, List<HasMetadata> involved) {
        owner.ifPresent(set);
        owner.ifPresent(involved::add);
        return podsOf(t.kind(), t.namespace(), t.name(), owner.orElse(null));
    }

    /** Pods whose controller is {@code kind/ns/name}; with the owner known, only those of that very object (uid). */
    private List<Pod> podsOf(String kind, String ns, String name, HasMetadata owner) {
        List<Pod> pods = in.pods.byIndex(Informers.BY_CONTROLLER, Informers.involvedKey(kind, ns, name));
        if (owner == null || owner.getMetadata().getUid() == null) {
            return pods;
        }
        String uid = owner.getMetadata().getUid();
        return pods.stream().filter(p -> Ownership.controller(p).map(o -> o.getUid() == null || uid.equals(o.getUid())).orElse(false)).toList();
    }

    private List<HorizontalPodAutoscaler> autoscalersOf(ResourceRef t) {
        return in.autoscalers.inNamespace(t.namespace()).stream().filter(h -> h.getSpec() != null && h.getSpec().getScaleTargetRef() != null
                && t.kind().equals(h.getSpec().getScaleTargetRef().getKind()) && t.name().equals(h.getSpec().getScaleTargetRef().getName())).toList();
    }

    private List<Event> events(List<HasMetadata> objects) {
        List<Event> out = new ArrayList<>();
        for (HasMetadata o : objects) {
            out.addAll(in.events.byIndex(Informers.BY_INVOLVED, Informers.involvedKey(o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName())));
        }
        return out;
    }

    /**
     * Pull secret name to existence, read only for pods that are failing to pull. A secret that cannot be read (many
     * deployments rightly grant no access to secrets) is left out of the map, which the snapshot defines as unknown;
     * it is enrichment for the diagnosis, not an input a guard should hold on.
     */
    private Map<String, Boolean> pullSecrets(String namespace, List<Pod> pods) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        pods.stream().filter(SnapshotReader::failingToPull)
                .flatMap(p -> p.getSpec().getImagePullSecrets() == null ? Stream.<LocalObjectReference>empty() : p.getSpec().getImagePullSecrets().stream())
                .map(LocalObjectReference::getName).distinct()
                .forEach(name -> {
                    try {
                        out.put(name, client.secrets().inNamespace(namespace).withName(name).get() != null);
                    } catch (KubernetesClientException e) {
                        // unknown: see above
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
