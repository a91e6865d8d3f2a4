package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import io.kubemedic.core.model.TargetSnapshot.ClusterFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the cluster and answers one question: what does this target look like right now? It only reads.
 * Every watch event is turned into the targets it concerns ({@link TargetRouter}) and handed to {@code onChange};
 * the engine then asks for a {@link TargetSnapshot} built from the informer caches. Events wait at an
 * {@link EventGate} until the essential caches have synced, and {@link #inSync()} tells the engine whether the
 * caches can be trusted now; during an API-server outage they cannot, and the informers keep retrying until it ends.
 */
public final class ClusterObserver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterObserver.class);
    private static final long MONITOR_PERIOD_MILLIS = 100;
    private static final Duration OPTIONAL_GRACE = Duration.ofSeconds(5);
    private static final Set<String> STORM_KINDS = Set.of(ResourceRef.DEPLOYMENT, ResourceRef.STATEFUL_SET, ResourceRef.DAEMON_SET);

    private final KubernetesClient client;
    private final KubemedicConfig config;
    private final Clock clock;
    private final Duration resync;
    private final Duration metricsPeriod;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
            r -> Thread.ofPlatform().daemon().name("kubemedic-observer").unstarted(r));
    private final FailingPods failing = new FailingPods();
    private volatile Informers informers;
    private volatile TargetRouter router;
    private volatile EventGate gate;
    private Targets targets;
    private MetricsPoller metrics;
    private Discovery discovery;

    public ClusterObserver(KubernetesClient client, KubemedicConfig config, Clock clock, Duration resync, Duration metricsPeriod) {
        this.client = client;
        this.config = config;
        this.clock = clock;
        this.resync = resync;
        this.metricsPeriod = metricsPeriod;
    }

    /**
     * Builds every informer, then starts them, so no event can reach a half-built observer; returns once the
     * essential caches have synced and the server's version is known, or after {@code timeout} (the informers
     * go on retrying, and {@link #inSync()} stays false until they succeed).
     */
    public synchronized void start(Consumer<ResourceRef> onChange, Duration timeout) {
        if (informers != null) {
            throw new IllegalStateException("observer already started");
        }
        router = new TargetRouter(config, new CacheLookup());
        gate = new EventGate(obj -> route(obj, onChange));
        ResourceEventHandler<HasMetadata> handler = new ResourceEventHandler<>() {
            @Override public void onAdd(HasMetadata obj) { failing.track(obj, false); gate.accept(obj); }
            @Override public void onUpdate(HasMetadata oldObj, HasMetadata newObj) { failing.track(newObj, false); gate.accept(newObj); }
            @Override public void onDelete(HasMetadata obj, boolean unknown) { failing.track(obj, true); gate.accept(obj); }
        };
        Informers in = new Informers(client, config, resync.toMillis(), handler);
        targets = new Targets(in, config);
        metrics = new MetricsPoller(client, config.allowedNamespaces());
        discovery = new Discovery(client, config.allowedNamespaces(), in::startDisruptionBudgets);
        SyncMonitor monitor = new SyncMonitor(in::all, in::essential, gate, () -> targets.all().forEach(onChange), clock);
        informers = in;
        in.start();
        discovery.start();
        scheduler.scheduleWithFixedDelay(monitor::tick, 0, MONITOR_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        awaitStart(monitor, in, timeout);
        scheduler.scheduleWithFixedDelay(() -> metrics.poll(m -> in.pods.get(m.getMetadata().getNamespace(), m.getMetadata().getName())
                .ifPresent(gate::accept)), 0, metricsPeriod.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Essential caches in sync and the version known, then a short grace for the optional caches (a 403 there must not stall start). */
    private void awaitStart(SyncMonitor monitor, Informers in, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            boolean synced = monitor.awaitInSync(timeout);
            boolean discovered = discovery.await(remainingMillis(deadline));
            boolean all = monitor.awaitAllInSync(Duration.ofMillis(Math.min(remainingMillis(deadline), OPTIONAL_GRACE.toMillis())));
            if (synced && discovered) {
                LOG.info("observer started: server {}, {} informers, {}", discovery.version(), in.all().size(),
                        all ? "all in sync" : "not in sync yet: " + monitor.notReady());
            } else {
                LOG.warn("observer not ready after {} s ({}): nothing is acted on until it is; the informers keep retrying",
                        timeout.toSeconds(), discovered ? monitor.notReady() : "server version unknown; " + monitor.notReady());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private void route(HasMetadata obj, Consumer<ResourceRef> onChange) {
        try {
            router.route(obj).forEach(onChange);
        } catch (RuntimeException e) {
            LOG.error("routing a watch event for {} {}/{} failed", obj.getKind(), obj.getMetadata().getNamespace(), obj.getMetadata().getName(), e);
        }
    }

    /** A pod as the cache holds it (no API call), e.g. to find the workload an alert's pod label belongs to. */
    public Optional<Pod> cachedPod(String namespace, String name) {
        Informers in = informers;
        return in == null ? Optional.empty() : in.pods.get(namespace, name);
    }

    /** The target Kubemedic reasons about for a pod; empty while its ReplicaSet is not yet in the cache. */
    public Optional<ResourceRef> workloadOf(Pod pod) {
        return router == null ? Optional.empty() : router.workloadOf(pod);
    }

    /**
     * Whether the caches can be trusted for a decision right now: every essential informer (pods and every
     * workload kind) has synced and is watching. During an API-server outage this is false.
     */
    public boolean inSync() {
        Informers in = informers;
        EventGate g = gate;
        return in != null && g != null && g.isOpen() && in.essential().stream().allMatch(KindCache::inSync);
    }

    /** How each informer stands now, for start-up progress and readiness. */
    public List<InformerState> informerStates() {
        Informers in = informers;
        return in == null ? List.of() : in.all().stream().map(InformerState::of).toList();
    }

    /** Deployments, StatefulSets and DaemonSets watched in scope: the denominator of storm mode. */
    public int watchedWorkloads() {
        Informers in = informers;
        if (in == null) {
            return 0;
        }
        return (int) (in.deployments.list().stream().filter(this::allowed).count() + in.statefulSets.list().stream().filter(this::allowed).count()
                + in.daemonSets.list().stream().filter(this::allowed).count());
    }

    /**
     * Watched workloads and how many of them have a failing pod ({@link io.kubemedic.core.diagnosis.PodHealth}), from the
     * caches. The failing pods are tracked as their watch events arrive, so a decision looks only at those, not at every
     * cached pod (which took half of the controller's reaction time at 10,000 pods).
     */
    public WorkloadCounts workloadCounts() {
        Informers in = informers;
        if (in == null) {
            return new WorkloadCounts(0, 0);
        }
        return WorkloadCounter.count(failing.pods(in.pods), p -> allowed(p) ? router.workloadOf(p) : Optional.empty(),
                w -> STORM_KINDS.contains(w.kind()) && exists(in, w), watchedWorkloads());
    }

    private static boolean exists(Informers in, ResourceRef w) {
        return switch (w.kind()) {
            case ResourceRef.DEPLOYMENT -> in.deployments.get(w.namespace(), w.name()).isPresent();
            case ResourceRef.STATEFUL_SET -> in.statefulSets.get(w.namespace(), w.name()).isPresent();
            default -> in.daemonSets.get(w.namespace(), w.name()).isPresent();
        };
    }

    /** The API server's version as discovered at start, e.g. {@code v1.20.2}; empty before it is known. */
    public Optional<String> serverVersion() {
        Discovery d = discovery;
        return d == null || !d.version().known() ? Optional.empty() : Optional.of(d.version().gitVersion());
    }

    /**
     * Every target the caches hold, for a periodic full re-examination; empty while the caches are not in sync
     * (when they are again, the observer itself hands every target to {@code onChange}).
     */
    public List<ResourceRef> allTargets() {
        return inSync() ? targets.all() : List.of();
    }

    private boolean allowed(HasMetadata o) {
        return config.namespaceAllowed(o.getMetadata().getNamespace());
    }

    /** The target as the caches hold it now, with every input that could not be read named in its cluster facts. */
    public TargetSnapshot snapshot(ResourceRef target) {
        Informers in = informers;
        if (in == null) {
            return TargetSnapshot.builder(target, clock.instant())
                    .cluster(new ClusterFacts(0, 0, config.clusterScope(), List.of("observer not started"))).build();
        }
        ServerVersion v = discovery.version();
        return new SnapshotReader(client, in, metrics, clock, new ClusterFacts(v.major(), v.minor(), config.clusterScope(), List.of())).read(target);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        if (discovery != null) {
            discovery.close();
        }
        if (informers != null) {
            informers.close();
        }
    }

    /** Routing reads the caches through this view. */
    private final class CacheLookup implements TargetRouter.Lookup {
        @Override
        public Optional<ReplicaSet> replicaSet(String namespace, String name) {
            return informers.replicaSets.get(namespace, name);
        }

        @Override
        public Optional<Pod> pod(String namespace, String name) {
            return informers.pods.get(namespace, name);
        }

        @Override
        public List<ResourceRef> targetsIn(String namespace) {
            return targets.in(namespace);
        }
    }
}
