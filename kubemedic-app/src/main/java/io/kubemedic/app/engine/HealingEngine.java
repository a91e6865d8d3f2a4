package io.kubemedic.app.engine;

import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.decision.Planner;
import io.kubemedic.core.decision.Policy;
import io.kubemedic.core.diagnosis.Diagnosers;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.safety.ActionLedger;
import io.kubemedic.core.safety.GuardChain;
import io.kubemedic.core.safety.StormTracker;
import io.kubemedic.kube.action.EventRecorder;
import io.kubemedic.kube.action.RemediationAction;
import io.kubemedic.kube.observe.ClusterObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The healing loop: watch events enqueue targets, workers reconcile them one target at a time, and a periodic resync
 * re-examines every target so nothing depends on a single event arriving. On start it rebuilds cooldowns, budgets and
 * flap counts from the audit store, closes out actions a previous run left half-done, and picks up the incidents it
 * left open, continuing each ladder where it stood.
 */
public final class HealingEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealingEngine.class);
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final KubemedicConfig config;
    private final ClusterObserver observer;
    private final AuditStore audit;
    private final Clock clock;
    private final Duration resync;
    private final WorkQueue<ResourceRef> queue = new WorkQueue<>(Duration.ofMillis(500), Duration.ofMinutes(5));
    private final Incidents incidents;
    private final Reconciler reconciler;
    private final ActionLedger ledger;
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService resyncer =
            Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("kubemedic-resync").unstarted(r));

    public HealingEngine(KubemedicConfig config, ClusterObserver observer, Map<ActionType, RemediationAction> actions,
                         EventRecorder events, AuditStore audit, Policy policy, Clock clock, Duration resync, EngineListener listener) {
        this(config, observer, actions, events, audit, policy, Signals.NONE, clock, resync, listener);
    }

    /** With findings from outside the cluster's state: alerts whose evidence only Prometheus has, explicit requests. */
    public HealingEngine(KubemedicConfig config, ClusterObserver observer, Map<ActionType, RemediationAction> actions,
                         EventRecorder events, AuditStore audit, Policy policy, Signals signals, Clock clock, Duration resync,
                         EngineListener listener) {
        this.config = config;
        this.observer = observer;
        this.audit = audit;
        this.clock = clock;
        this.resync = resync;
        this.ledger = rebuildLedger(audit, config, clock.instant());
        Recorder recorder = new Recorder(audit, events, listener, config, clock);
        this.incidents = new Incidents(audit, recorder, clock);
        Admission admission = new Admission(config, GuardChain.defaults(), ledger, new StormTracker(config), observer::workloadCounts,
                incidents, recorder, clock);
        Execution execution = new Execution(config, actions, ledger, admission, incidents, recorder, clock);
        this.reconciler = new Reconciler(config, observer::snapshot, observer::inSync, Diagnosers.defaults(config), signals,
                new Planner(policy, config), admission, execution, incidents, recorder, clock);
    }

    /**
     * Closes interrupted actions, loads the open incidents, starts the observer, the workers and the periodic resync.
     * The observer's start decides whether the cluster is reachable; the workers never act on caches out of sync.
     */
    public void start(Duration syncTimeout) {
        closeInterruptedActions(audit, clock);
        List<ResourceRef> resumed = incidents.load();
        observer.start(queue::add, syncTimeout);
        for (int n = 0; n < config.workers(); n++) {
            workers.add(Thread.ofPlatform().daemon().name("kubemedic-worker-" + n).start(this::work));
        }
        resumed.forEach(queue::add);
        resyncer.scheduleWithFixedDelay(() -> observer.allTargets().forEach(queue::add),
                resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("engine started: mode={} workers={} namespaces allow={} deny={}; {} open incident(s) resumed", config.mode().text(),
                config.workers(), config.allowedNamespaces(), config.deniedNamespaces(), resumed.size());
    }

    /**
     * A human rejected the step an incident waits for: the next pass records it and climbs past that rung. Returns
     * false when no open incident has that id or it waits for nothing.
     */
    public boolean reject(String incidentId, String by) {
        Optional<Incident> incident = incidents.byId(incidentId);
        if (incident.isEmpty() || incident.get().awaitingApproval == null) {
            return false;
        }
        incident.get().rejectedBy = by;
        queue.add(incident.get().workload);
        return true;
    }

    /** Asks for a target to be looked at (an alert, an API call); the engine reads its state itself. */
    public void enqueue(ResourceRef target) {
        queue.add(target);
    }

    /**
     * A human approved the step an incident waits for: the next pass runs it (still through every other guard).
     * Returns false when no open incident has that id or it waits for nothing.
     */
    public boolean approve(String incidentId, String approver) {
        Optional<Incident> incident = incidents.byId(incidentId);
        if (incident.isEmpty() || incident.get().awaitingApproval == null) {
            return false;
        }
        incident.get().approvedBy = approver;
        queue.add(incident.get().workload);
        return true;
    }

    /**
     * The plan a pass would make for the target right now, without acting or recording anything: empty when the
     * target is healthy (or gone). How an alert is answered at once.
     */
    public Optional<io.kubemedic.core.model.Plan> assess(ResourceRef target) {
        return reconciler.assess(target);
    }

    /** The open incident on a target, if any: its id. */
    public Optional<String> openIncident(ResourceRef target) {
        return incidents.idOf(target);
    }

    public ActionLedger ledger() {
        return ledger;
    }

    public int openIncidents() {
        return incidents.size();
    }

    /** Keys waiting for a delayed retry; never more than one per target. */
    int pendingRetries() {
        return queue.pendingRetries();
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            Optional<ResourceRef> next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next.isEmpty()) {
                return;
            }
            ResourceRef target = next.get();
            MDC.put("target", target.toString());
            try {
                Optional<Duration> again = reconciler.reconcile(target);
                queue.forget(target);
                again.ifPresent(delay -> queue.addAfter(target, delay));
            } catch (RuntimeException e) {
                Duration delay = queue.addRateLimited(target);
                LOG.error("reconcile of {} failed; retrying in {} ms", target, delay.toMillis(), e);
            } finally {
                MDC.remove("target");
                queue.done(target);
            }
        }
    }

    /** Marks actions a previous run left at INTENT as UNKNOWN (they may have run), with the reason; returns how many there were. */
    static int closeInterruptedActions(AuditStore audit, Clock clock) {
        List<AuditRecord> unfinished = audit.unfinished();
        for (AuditRecord r : unfinished) {
            audit.complete(r.completed(clock.instant(), AuditStatus.UNKNOWN,
                    "interrupted: Kubemedic stopped before this action completed; the target is re-read and verified now", null));
            LOG.warn("[{}] {} {}: action left unfinished by a previous run, marked UNKNOWN", r.incidentId(), r.target(), r.actionType());
        }
        return unfinished.size();
    }

    /** Cooldowns, budgets and flap counts survive a restart: they are read back from the audit trail. */
    static ActionLedger rebuildLedger(AuditStore audit, KubemedicConfig config, Instant now) {
        Duration retention = Collections.max(List.of(config.flapWindow(), config.cooldown(), Duration.ofHours(1)));
        List<ActionLedger.Entry> history = audit.since(now.minus(retention)).stream()
                .filter(r -> r.status().countsAsAction() && r.actionType() != null && r.actionType().mutating())
                .map(r -> new ActionLedger.Entry(r.timestamp(), r.incidentId(), r.workload(),
                        r.workload().namespace() != null ? r.workload().namespace() : r.target().namespace(), r.actionType()))
                .toList();
        return ActionLedger.of(retention, history);
    }

    /**
     * Stops taking work and waits (up to {@value #CLOSE_WAIT_SECONDS} s) for the reconciles in progress to finish, so
     * none writes to an audit store its owner is about to close; then stops the observer.
     */
    @Override
    public void close() {
        resyncer.shutdownNow();
        queue.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
        observer.close();
    }
}
