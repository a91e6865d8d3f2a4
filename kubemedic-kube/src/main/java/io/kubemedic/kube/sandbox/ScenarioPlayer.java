package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Plays scenarios on a cluster: creates their namespaces and objects, then every tick applies due updates, injects
 * due faults and lets the controller and kubelet emulators bring the cluster to what the faults dictate.
 */
public final class ScenarioPlayer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioPlayer.class);
    private static final Duration TICK = Duration.ofMillis(100);

    private final KubernetesClient client;
    private final List<Scenario> scenarios;
    private final Clock clock;
    private final ControllerEmulator controllers;
    private final KubeletEmulator kubelet;
    private final Nodes nodes;
    private final List<ActiveFault> active = new CopyOnWriteArrayList<>();
    private final Set<Scenario.Update> applied = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> createdAt = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> baselineUids = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("sandbox-emulator").unstarted(r));
    private Instant start;

    public ScenarioPlayer(KubernetesClient client, List<Scenario> scenarios, Clock clock) {
        this.client = client;
        this.scenarios = List.copyOf(scenarios);
        this.clock = clock;
        this.controllers = new ControllerEmulator(client);
        this.kubelet = new KubeletEmulator(client);
        this.nodes = new Nodes(client);
        Set<String> names = new HashSet<>();
        for (Scenario s : scenarios) {
            if (!names.add(s.namespace())) {
                throw new ScenarioException(s.source() + ": namespace " + s.namespace() + " is used by two scenarios; each needs its own");
            }
        }
    }

    public List<Scenario> scenarios() {
        return scenarios;
    }

    /** Creates nodes, namespaces and objects, then starts the emulators and the timeline. */
    public void start() {
        nodes.create();
        for (Scenario s : scenarios) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(s.namespace())
                    .withAnnotations(s.namespaceAnnotations()).withLabels(Map.of("kubemedic.io/scenario", s.name())).endMetadata().build()).create();
            for (HasMetadata o : s.objects()) {
                client.resource(o).create();
            }
            createdAt.put(s.name(), clock.instant());
        }
        start = clock.instant();
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("sandbox emulator tick failed (retrying next tick): {}", e.toString());
        }
    }

    private void tick() {
        Instant now = clock.instant();
        Duration elapsed = Duration.between(start, now);
        Set<String> namespaces = scenarios.stream().map(Scenario::namespace).collect(Collectors.toSet());
        ClusterView view = ClusterView.read(client, namespaces);
        for (Scenario s : scenarios) {
            s.updates().stream().filter(u -> !elapsed.minus(u.at()).isNegative() && applied.add(u)).forEach(u -> Updates.apply(client, s, u));
            for (Scenario.Fault f : s.faults()) {
                if (!elapsed.minus(f.at()).isNegative() && active.stream().noneMatch(a -> a.fault == f)) {
                    inject(s, f, view, now);
                }
            }
        }
        controllers.reconcile(view);
        kubelet.reconcile(view, this::faultOf, this::deploymentFault);
        nodes.reconcile(nodeFaults());
        markCleared(view, now);
    }

    private void inject(Scenario s, Scenario.Fault f, ClusterView view, Instant now) {
        Set<String> uids = view.pods().stream().filter(p -> view.belongsTo(p, f.target(), s.namespace()))
                .map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        boolean podFault = !"Node".equals(f.target().kind()) && f.type() != FaultType.ROLLOUT_STUCK;
        if (podFault && uids.isEmpty()) {
            return; // the target's pods do not exist yet: inject once they do
        }
        baselineUids.putIfAbsent(s.name(), namespaceUids(view, s.namespace()));
        active.add(new ActiveFault(s, f, now, uids));
        LOG.info("sandbox: injected {} into {} in {}", f.type().yamlName(), f.target(), s.namespace());
    }

    private ActiveFault faultOf(Pod pod, Optional<Deployment> owner) {
        return active.stream().filter(a -> a.fault.type() != FaultType.ROLLOUT_STUCK && !"Node".equals(a.fault.target().kind())
                        && a.scenario.namespace().equals(pod.getMetadata().getNamespace())
                        && covers(a, pod, owner) && a.appliesTo(pod, owner.orElse(null)))
                .findFirst().orElse(null);
    }

    private static boolean covers(ActiveFault a, Pod pod, Optional<Deployment> owner) {
        Scenario.Target t = a.fault.target();
        return switch (t.kind()) {
            case "Pod" -> t.name().equals(pod.getMetadata().getName());
            case "Deployment" -> owner.map(d -> d.getMetadata().getName().equals(t.name())).orElse(false);
            case "StatefulSet" -> SandboxPods.controller(pod).map(o -> "StatefulSet".equals(o.getKind()) && o.getName().equals(t.name())).orElse(false);
            default -> false;
        };
    }

    private ActiveFault deploymentFault(Deployment d) {
        return active.stream().filter(a -> a.fault.type() == FaultType.ROLLOUT_STUCK && a.scenario.namespace().equals(d.getMetadata().getNamespace())
                && a.fault.target().name().equals(d.getMetadata().getName()) && a.appliesTo(d)).findFirst().orElse(null);
    }

    private Map<String, ActiveFault> nodeFaults() {
        return active.stream().filter(a -> "Node".equals(a.fault.target().kind()))
                .collect(Collectors.toMap(a -> a.fault.target().name(), a -> a, (x, y) -> x));
    }

    private void markCleared(ClusterView view, Instant now) {
        for (ActiveFault a : active) {
            if (a.clearedAt != null) {
                continue;
            }
            boolean holds = switch (a.fault.target().kind()) {
                case "Node" -> !nodes.cordoned(a.fault.target().name()) || !a.fault.clearWhen().cordoned();
                default -> a.fault.type() == FaultType.ROLLOUT_STUCK
                        ? view.deployment(a.scenario.namespace(), a.fault.target().name()).map(a::appliesTo).orElse(false)
                        : view.pods().stream().anyMatch(p -> view.belongsTo(p, a.fault.target(), a.scenario.namespace())
                        && a.appliesTo(p, view.deploymentOf(p).orElse(null)));
            };
            if (!holds) {
                a.clearedAt = now;
                LOG.info("sandbox: {} in {} cleared by a real fix", a.fault.type().yamlName(), a.scenario.namespace());
            }
        }
    }

    /** When the scenario's first fault was injected; for a scenario without faults, when its objects were created. */
    public Optional<Instant> faultStartedAt(String scenario) {
        Optional<Instant> fault = active.stream().filter(a -> a.scenario.name().equals(scenario)).map(a -> a.injectedAt).min(Instant::compareTo);
        boolean hasFaults = scenarios.stream().anyMatch(s -> s.name().equals(scenario) && !s.faults().isEmpty());
        return hasFaults ? fault : Optional.ofNullable(createdAt.get(scenario));
    }

    /** When every fault of the scenario had been cleared by a fix, if they all have. */
    public Optional<Instant> faultClearedAt(String scenario) {
        List<ActiveFault> mine = active.stream().filter(a -> a.scenario.name().equals(scenario)).toList();
        if (mine.isEmpty() || mine.stream().anyMatch(a -> a.clearedAt == null)) {
            return Optional.empty();
        }
        return mine.stream().map(a -> a.clearedAt).max(Instant::compareTo);
    }

    /** The scenario's finalState checks, read through the API now; empty when all hold. */
    public List<String> checkFinalState(Scenario s) {
        Set<String> namespaces = Set.of(s.namespace());
        ClusterView view = ClusterView.read(client, namespaces);
        List<String> failures = new ArrayList<>(FinalStateCheck.check(s, view, baselineUids.get(s.name())));
        return failures;
    }

    private static Set<String> namespaceUids(ClusterView view, String namespace) {
        return view.pods().stream().filter(p -> namespace.equals(p.getMetadata().getNamespace())).map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
