package io.kubemedic.kube.observe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Watches the watchers, a few times a second. It says when each informer has synced (with its object count) and
 * when one loses or regains its watch; it opens the {@link EventGate} once every essential cache has synced; it
 * reports "not ready" with the reasons every {@link #NOT_READY_EVERY} while the caches cannot be trusted; and when they
 * can again after an outage it asks for every target to be re-examined, since decisions were held meanwhile.
 */
final class SyncMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(SyncMonitor.class);
    static final Duration NOT_READY_EVERY = Duration.ofSeconds(15);

    private final Supplier<List<KindCache<?>>> all;
    private final Supplier<List<KindCache<?>>> essential;
    private final EventGate gate;
    private final Runnable onRecovered;
    private final Clock clock;
    private final CountDownLatch firstInSync = new CountDownLatch(1);
    private final CountDownLatch everyFirstInSync = new CountDownLatch(1);
    private final Set<String> everSynced = new HashSet<>();
    private final Set<String> watching = new HashSet<>();
    private final Set<String> lost = new HashSet<>();
    private boolean inSync;
    private boolean outageSeen;
    private Instant lastNotReadyReport;

    SyncMonitor(Supplier<List<KindCache<?>>> all, Supplier<List<KindCache<?>>> essential, EventGate gate, Runnable onRecovered, Clock clock) {
        this.all = all;
        this.essential = essential;
        this.gate = gate;
        this.onRecovered = onRecovered;
        this.clock = clock;
        this.lastNotReadyReport = clock.instant();
    }

    /** One look at every cache; called from a single scheduler thread. */
    synchronized void tick() {
        List<String> lostNow = new ArrayList<>();
        List<String> backNow = new ArrayList<>();
        String why = null;
        for (KindCache<?> cache : all.get()) {
            String kind = cache.kind();
            if (cache.synced() && everSynced.add(kind)) {
                LOG.info("informer {} synced: {} objects", kind, cache.size());
            }
            if (cache.inSync()) {
                if (watching.add(kind) && lost.remove(kind)) {
                    backNow.add(kind);
                }
            } else if (watching.remove(kind)) {
                lost.add(kind);
                lostNow.add(kind);
                why = why == null ? cache.whyNotInSync(null) : why;
            }
        }
        if (!lostNow.isEmpty()) {
            LOG.warn("informers lost their watch ({}): {}; their caches are stale until they reconnect", why, String.join(", ", lostNow));
        }
        if (!backNow.isEmpty()) {
            LOG.info("informers watching again: {}", String.join(", ", backNow));
        }
        if (!gate.isOpen() && essential.get().stream().allMatch(KindCache::synced)) {
            int replayed = gate.open();
            LOG.info("essential informers synced; {} events held during start routed", replayed);
        }
        boolean nowInSync = gate.isOpen() && essential.get().stream().allMatch(KindCache::inSync);
        if (nowInSync && !inSync && outageSeen) {
            LOG.info("caches in sync again after an outage: re-examining every target");
            onRecovered.run();
        }
        if (nowInSync) {
            firstInSync.countDown();
            if (all.get().stream().allMatch(KindCache::inSync)) {
                everyFirstInSync.countDown();
            }
        }
        outageSeen |= inSync && !nowInSync;
        inSync = nowInSync;
        if (!nowInSync && clock.instant().isAfter(lastNotReadyReport.plus(NOT_READY_EVERY))) {
            lastNotReadyReport = clock.instant();
            LOG.warn("not ready: {}", notReady());
        }
    }

    /** Each cache that cannot be trusted now, with the reason, e.g. {@code Pod: connection refused}. */
    String notReady() {
        return all.get().stream().filter(c -> !c.inSync()).map(c -> c.kind() + ": " + c.whyNotInSync(null))
                .collect(Collectors.joining("; "));
    }

    /** Waits until the essential caches are in sync (listed and watching) for the first time; false on timeout. */
    boolean awaitInSync(Duration timeout) throws InterruptedException {
        return firstInSync.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until every cache, the optional ones too, has been in sync at once; false on timeout. */
    boolean awaitAllInSync(Duration timeout) throws InterruptedException {
        return everyFirstInSync.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
