package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Plays scenarios on an API server: creates their namespaces, nodes and objects, then every 100 ms applies due
 * updates, injects due faults and plays the parts of a cluster the server lacks. On the {@link Server#SANDBOX} that
 * includes the controllers ({@link ControllerEmulator}); on a {@link Server#REAL} kube-apiserver the real
 * controller-manager does that, and the player plays only the scheduler, the kubelets (pod and node status, Leases)
 * and metrics-server. There each scenario gets a fresh namespace and the run its own nodes, all removed on
 * {@link #close()}. The methods below tell a judge where each scenario really played and what was injected when.
 */
public final class ScenarioPlayer implements AutoCloseable {

    /** Where the player plays. */
    public enum Server { SANDBOX, REAL }

    /**
     * One fault of a scenario as played.
     *
     * @param target    the fault's target as named on the server (a node's real name)
     * @param clearedAt when a real fix (or its time) ended it; null while it holds
     */
    public record FaultRecord(String scenario, int index, String type, Scenario.Target target, Instant injectedAt, Instant clearedAt) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioPlayer.class);
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Duration SETUP_WAIT = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final List<Scenario> scenarios;
    private final Clock clock;
    private final Server server;
    private final String runId;
    private final List<ScenarioRun> runs = new ArrayList<>();
    private final ServerObjects objects;
    private final ObjectSetup setup;
    private final Faults faults;
    private final Timeline timeline;
    private final Nodes nodes;
    private final Scheduler scheduler;
    private final KubeletEmulator kubelet;
    private final MetricsServer metrics;
    private final MetricsApi metricsApi;
    private final ControllerEmulator controllers;
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("scenario-player").unstarted(r));
    private volatile boolean metricsOn = true;
    private volatile Instant start;

    /** A player on the sandbox cluster. */
    public ScenarioPlayer(KubernetesClient client, List<Scenario> scenarios, Clock clock) {
        this(client, scenarios, clock, Server.SANDBOX);
    }

    public ScenarioPlayer(KubernetesClient client, List<Scenario> scenarios, Clock clock, Server server) {
        this.client = client;
        this.scenarios = List.copyOf(scenarios);
        this.clock = clock;
        this.server = server;
        boolean real = server == Server.REAL;
        this.runId = real ? randomId() : "sandbox";
        Set<String> names = new HashSet<>();
        for (Scenario s : scenarios) {
            if (!names.add(s.namespace()) || !names.add("name:" + s.name())) {
                throw new ScenarioException(s.source() + ": name " + s.name() + " or namespace " + s.namespace()
                        + " is used by two scenarios; each needs its own");
            }
            runs.add(ScenarioRun.of(s, real, runId));
        }
        this.objects = new ServerObjects(client, real);
        this.setup = new ObjectSetup(client, objects, real, runId);
        this.faults = new Faults(runs);
        this.timeline = new Timeline(runs, faults, new Updates(objects, setup));
        this.nodes = new Nodes(client, real, runId, runs);
        this.scheduler = new Scheduler(client, real, runs);
        this.kubelet = new KubeletEmulator(client, nodes);
        this.metrics = new MetricsServer(client, nodes);
        this.metricsApi = new MetricsApi(client);
        this.controllers = real ? null : new ControllerEmulator(client);
    }

    private static String randomId() {
        String chars = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(chars.charAt(ThreadLocalRandom.current().nextInt(chars.length())));
        }
        return sb.toString();
    }

    /**
     * Creates the metrics API (real server), nodes, namespaces and objects, then starts the timeline.
     *
     * @throws ScenarioException when the server refuses a scenario's namespace or objects (the message names them)
     */
    public void start() {
        try {
            if (server == Server.REAL) {
                metricsOn = metricsApi.ensure(SETUP_WAIT);
            }
            nodes.create(clock.instant(), ScenarioRun.RUN_LABEL + "=" + runId, Duration.ofSeconds(10));
            runs.forEach(setup::namespace);
            setup.awaitServiceAccount(runs, SETUP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioException("interrupted while setting up the scenarios", e);
        }
        for (ScenarioRun run : runs) {
            setup.objects(run);
            run.createdAt = clock.instant();
        }
        start = clock.instant();
        LOG.info("scenario player: {} scenario(s) on the {} server, run {}", runs.size(), server.name().toLowerCase(), runId);
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            if (!ticker.isShutdown()) {
                LOG.warn("scenario player: tick failed (retrying next tick): {}", e.toString());
            }
        }
    }

    private void tick() {
        Instant now = clock.instant();
        ClusterView view = view();
        timeline.advance(view, Duration.between(start, now), now);
        if (controllers != null) {
            controllers.reconcile(view);
        }
        nodes.reconcile(view, faults, now);
        scheduler.reconcile(view, faults, now);
        kubelet.reconcile(view, faults, now);
        if (metricsOn) {
            metrics.reconcile(view, faults, now);
        }
        faults.markCleared(view, now);
    }

    private ClusterView view() {
        Set<String> namespaces = runs.stream().map(r -> r.namespace).collect(Collectors.toSet());
        return new ClusterView(client, namespaces, ScenarioRun.RUN_LABEL + "=" + runId, server == Server.REAL);
    }

    public List<Scenario> scenarios() {
        return scenarios;
    }

    public Server server() {
        return server;
    }

    /** The run's id: the suffix of its namespaces and the infix of its node names on a real server. */
    public String runId() {
        return runId;
    }

    /** The namespace the scenario really plays in (its file's namespace on the sandbox, a fresh copy on a real server). */
    public String namespaceOf(String scenario) {
        return run(scenario).namespace;
    }

    /** The names of the nodes this run created (or, on the sandbox, uses). */
    public List<String> nodes() {
        return nodes.names();
    }

    /** The server name of a scenario's node, by its logical name ({@code node-2}). */
    public String nodeName(String scenario, String logicalNode) {
        return run(scenario).realNode(logicalNode);
    }

    /** A scenario target as named on the server: nodes get their real names, {@code Namespace} the real namespace. */
    public Scenario.Target resolve(String scenario, Scenario.Target target) {
        return run(scenario).resolve(target);
    }

    /** The scenario's injected faults, with injection and clear times. */
    public List<FaultRecord> faults(String scenario) {
        ScenarioRun run = run(scenario);
        return faults.of(scenario).stream().map(a -> new FaultRecord(scenario, a.index, a.fault.type().yamlName(), run.resolve(a.fault.target()),
                a.injectedAt, a.clearedAt)).toList();
    }

    /** When the scenario's first fault was injected; for a scenario without faults, when its objects were created. */
    public Optional<Instant> faultStartedAt(String scenario) {
        ScenarioRun run = run(scenario);
        if (run.scenario.faults().isEmpty()) {
            return Optional.ofNullable(run.createdAt);
        }
        return faults.of(scenario).stream().map(a -> a.injectedAt).min(Instant::compareTo);
    }

    /** When every fault of the scenario had been cleared, if all were injected and all have cleared. */
    public Optional<Instant> faultClearedAt(String scenario) {
        ScenarioRun run = run(scenario);
        List<ActiveFault> mine = faults.of(scenario);
        if (mine.isEmpty() || mine.size() < run.scenario.faults().size() || mine.stream().anyMatch(a -> a.clearedAt == null)) {
            return Optional.empty();
        }
        return mine.stream().map(a -> a.clearedAt).max(Instant::compareTo);
    }

    /** What went wrong while playing the scenario itself (an update the server refused, an object to delete missing); empty when nothing. */
    public List<String> problems(String scenario) {
        return List.copyOf(run(scenario).problems);
    }

    /** The scenario's finalState checks read through the API now, and any problem met while playing it; empty when all hold. */
    public List<String> checkFinalState(Scenario s) {
        ScenarioRun run = run(s.name());
        return FinalStateCheck.check(run, objects, new ClusterView(client, Set.of(run.namespace), ScenarioRun.RUN_LABEL + "=" + runId, false));
    }

    private ScenarioRun run(String scenario) {
        return runs.stream().filter(r -> r.name().equals(scenario)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario named " + scenario + " in this run"));
    }

    /** Stops the timeline; on a real server also deletes the run's namespaces, nodes and (if unused) the metrics API. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (server == Server.REAL) {
            Cleanup.real(client, runs, nodes, metricsApi, Duration.ofSeconds(60));
        }
    }
}
