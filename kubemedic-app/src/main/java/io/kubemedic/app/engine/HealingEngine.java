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
 * The healing loop: watch events enqueue targets, workers reconcile them one target at a time, and a periodic
 * resync re-examines every target so nothing depends on a single event arriving. On start it rebuilds cooldowns,
 * budgets and flap counts from the audit store and closes out actions a previous run left half-done.
 */
public final class HealingEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealingEngine.class);

    private final KubemedicConfig config;
    private final ClusterObserver observer;
    private final AuditStore audit;
    private final Clock clock;
    private final Duration resync;
    private final WorkQueue<ResourceRef> queue = new WorkQueue<>();
    private final Incidents incidents;
    private final Reconciler reconciler;
    private final ActionLedger ledger;
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService resyncer =
            Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("kubemedic-resync").unstarted(r));

    public HealingEngine(KubemedicConfig config, ClusterObserver observer, Map<ActionType, RemediationAction> actions,
                         EventRecorder events, AuditStore audit, Policy policy, Clock clock, Duration resync, EngineListener listener) {
        this.config = config;
        this.observer = observer;
        this.audit = audit;
        this.clock = clock;
        this.resync = resync;
        this.ledger = rebuildLedger(audit, config, clock.instant());
        Recorder recorder = new Recorder(audit, events, listener, config, clock);
        this.incidents = new Incidents(recorder, clock);
        this.reconciler = new Reconciler(config, observer::snapshot, observer::watchedWorkloads, Diagnosers.defaults(config),
                new Planner(policy, config), GuardChain.defaults(), ledger, new StormTracker(config), actions, incidents, recorder, clock);
    }

    /** Reconciles interrupted actions, starts the observer, the workers and the periodic resync. */
    public void start(Duration syncTimeout) {
        closeInterruptedActions(audit, clock);
        observer.start(queue::add, syncTimeout);
        for (int n = 0; n < config.workers(); n++) {
            Thread t = Thread.ofPlatform().daemon().name("kubemedic-worker-" + n).start(this::work);
            workers.add(t);
        }
        resyncer.scheduleWithFixedDelay(() -> observer.allTargets().forEach(queue::add),
                resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("engine started: mode={} workers={} namespaces allow={} deny={}", config.mode().text(), config.workers(),
                config.allowedNamespaces(), config.deniedNamespaces());
    }

    /** Asks for a target to be looked at (an alert, an API call); the engine reads its state itself. */
    public void enqueue(ResourceRef target) {
        queue.add(target);
    }

    public ActionLedger ledger() {
        return ledger;
    }

    public int openIncidents() {
        return incidents.unhealthy();
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
                reconciler.reconcile(target).ifPresent(delay -> queue.addAfter(target, delay));
            } catch (RuntimeException e) {
                LOG.error("reconcile of {} failed; retrying in {}", target, config.verifyPoll(), e);
                queue.addAfter(target, config.verifyPoll());
            } finally {
                MDC.remove("target");
                queue.done(target);
            }
        }
    }

    /** Marks actions a previous run left at INTENT as failed, with the reason; returns how many there were. */
    static int closeInterruptedActions(AuditStore audit, Clock clock) {
        List<AuditRecord> unfinished = audit.unfinished();
        for (AuditRecord r : unfinished) {
            audit.complete(r.completed(clock.instant(), AuditStatus.FAILED,
                    "interrupted: Kubemedic stopped before this action completed; the target is re-read now", null));
            LOG.warn("[{}] {} {}: action left unfinished by a previous run, marked FAILED", r.incidentId(), r.target(), r.actionType());
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

    @Override
    public void close() {
        resyncer.shutdownNow();
        queue.close();
        workers.forEach(Thread::interrupt);
        observer.close();
    }
}
