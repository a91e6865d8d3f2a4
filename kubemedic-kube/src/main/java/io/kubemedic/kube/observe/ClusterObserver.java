package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the cluster and answers one question: what does this target look like right now? It only reads.
 * Every watch event is turned into the workload it concerns (a pod into its Deployment via its ReplicaSet) and
 * handed to {@code onChange}; the engine then asks for a {@link TargetSnapshot} built from the informer caches.
 */
public final class ClusterObserver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterObserver.class);

    private final KubernetesClient client;
    private final KubemedicConfig config;
    private final Clock clock;
    private final Duration resync;
    private final Duration metricsPeriod;
    private Informers informers;
    private MetricsPoller metrics;
    private ScheduledExecutorService poller;

    public ClusterObserver(KubernetesClient client, KubemedicConfig config, Clock clock, Duration resync, Duration metricsPeriod) {
        this.client = client;
        this.config = config;
        this.clock = clock;
        this.resync = resync;
        this.metricsPeriod = metricsPeriod;
    }

    /** Starts the informers and the metrics poller; returns once the caches hold the cluster (or {@code timeout}). */
    public void start(Consumer<ResourceRef> onChange, Duration timeout) {
        ResourceEventHandler<HasMetadata> handler = new ResourceEventHandler<>() {
            @Override public void onAdd(HasMetadata obj) { route(obj, onChange); }
            @Override public void onUpdate(HasMetadata oldObj, HasMetadata newObj) { route(newObj, onChange); }
            @Override public void onDelete(HasMetadata obj, boolean unknown) { route(obj, onChange); }
        };
        informers = new Informers(client, config.allowedNamespaces(), resync.toMillis(), handler);
        metrics = new MetricsPoller(client, config.allowedNamespaces());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!informers.essentialSynced() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!informers.synced()) {
            sleepQuietly(1000); // the optional caches get a moment more, then start without them
        }
        informers.all().stream().filter(c -> !c.synced())
                .forEach(c -> LOG.warn("informer for {} has not synced (forbidden or unreachable?): its diagnosis is limited", c.kind()));
        poller = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("kubemedic-metrics").unstarted(r));
        poller.scheduleWithFixedDelay(() -> metrics.poll(m -> informers.pods.get(m.getMetadata().getNamespace(), m.getMetadata().getName())
                .ifPresent(p -> onChange.accept(workloadOf(p)))), 0, metricsPeriod.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void route(HasMetadata obj, Consumer<ResourceRef> onChange) {
        String ns = obj.getMetadata().getNamespace();
        if (ns != null && !config.namespaceAllowed(ns)) {
            return;
        }
        ResourceRef target = switch (obj) {
            case Pod p -> workloadOf(p);
            case ReplicaSet rs -> owner(rs).orElse(null);
            case Deployment d -> ResourceRef.deployment(ns, d.getMetadata().getName());
            case StatefulSet s -> ResourceRef.statefulSet(ns, s.getMetadata().getName());
            case io.fabric8.kubernetes.api.model.Node n -> ResourceRef.node(n.getMetadata().getName());
            case Event e -> involvedWorkload(e);
            default -> null;
        };
        if (target != null) {
            onChange.accept(target);
        }
    }

    private ResourceRef involvedWorkload(Event e) {
        var io = e.getInvolvedObject();
        if (io == null || io.getKind() == null || io.getName() == null) {
            return null;
        }
        return switch (io.getKind()) {
            case "Pod" -> informers.pods.get(io.getNamespace(), io.getName()).map(this::workloadOf).orElse(null);
            case "Deployment", "StatefulSet", "Node" -> new ResourceRef(io.getKind(), io.getNamespace(), io.getName());
            default -> null;
        };
    }

    /** The target Kubemedic reasons about for a pod: its Deployment or StatefulSet, else the bare pod itself. */
    public ResourceRef workloadOf(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        Optional<OwnerReference> controller = controllerOf(pod);
        if (controller.isEmpty()) {
            return ResourceRef.pod(ns, pod.getMetadata().getName());
        }
        OwnerReference o = controller.get();
        if ("ReplicaSet".equals(o.getKind())) {
            return informers.replicaSets.get(ns, o.getName()).flatMap(ClusterObserver::owner)
                    .orElse(new ResourceRef(ResourceRef.REPLICA_SET, ns, o.getName()));
        }
        return new ResourceRef(o.getKind(), ns, o.getName());
    }

    private static Optional<ResourceRef> owner(ReplicaSet rs) {
        return controllerOf(rs).filter(o -> "Deployment".equals(o.getKind()))
                .map(o -> ResourceRef.deployment(rs.getMetadata().getNamespace(), o.getName()));
    }

    private static Optional<OwnerReference> controllerOf(HasMetadata o) {
        return io.kubemedic.core.model.Ownership.controller(o);
    }

    /** Deployments and StatefulSets watched in allowed namespaces: the denominator of storm mode. */
    public int watchedWorkloads() {
        return (int) (informers.deployments.list().stream().filter(this::allowed).count()
                + informers.statefulSets.list().stream().filter(this::allowed).count());
    }

    /**
     * Whether the caches can be trusted for a decision right now: every essential informer has synced and is watching.
     * During an API-server outage this is false, and the engine acts on nothing.
     */
    public boolean inSync() {
        return informers != null && informers.essentialSynced();
    }

    /** Watched workloads and how many of them have a failing pod ({@link io.kubemedic.core.diagnosis.PodHealth}), from the caches. */
    public WorkloadCounts workloadCounts() {
        return new WorkloadCounts(watchedWorkloads(), 0);
    }

    /** The API server's version as discovered at start, e.g. {@code v1.20.2}; empty before start. */
    public java.util.Optional<String> serverVersion() {
        return java.util.Optional.empty();
    }

    /** Every workload and node currently known, for a periodic full re-examination. */
    public List<ResourceRef> allTargets() {
        List<ResourceRef> out = new ArrayList<>();
        informers.deployments.list().stream().filter(this::allowed).forEach(d -> out.add(ResourceRef.deployment(d.getMetadata().getNamespace(), d.getMetadata().getName())));
        informers.statefulSets.list().stream().filter(this::allowed).forEach(s -> out.add(ResourceRef.statefulSet(s.getMetadata().getNamespace(), s.getMetadata().getName())));
        informers.pods.list().stream().filter(p -> allowed(p) && controllerOf(p).isEmpty()).forEach(p -> out.add(ResourceRef.pod(p.getMetadata().getNamespace(), p.getMetadata().getName())));
        informers.nodes.list().forEach(n -> out.add(ResourceRef.node(n.getMetadata().getName())));
        return out;
    }

    private boolean allowed(HasMetadata o) {
        return config.namespaceAllowed(o.getMetadata().getNamespace());
    }

    /** The target as the caches hold it now. */
    public TargetSnapshot snapshot(ResourceRef target) {
        return new SnapshotReader(client, informers, metrics, clock).read(target);
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
        if (informers != null) {
            informers.close();
        }
    }
}
