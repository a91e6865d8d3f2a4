package io.kubemedic.core.safety;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.ResourceRef;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The memory behind cooldowns, rate limits and flap detection: which action hit which workload when.
 * Rebuilt from the audit store at start so a restart does not reset any budget. Thread-safe.
 * Entries are kept in time order even when workers record them slightly out of order, and entries older than
 * {@code retention} before the newest one are dropped; retention must cover the longest window a guard asks about.
 */
public final class ActionLedger {

    /** One action taken (or, in dry-run, that would have been taken). */
    public record Entry(Instant at, String incidentId, ResourceRef workload, String namespace, ActionType action) {
        public Entry {
            Objects.requireNonNull(at, "at");
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Duration retention;

    public ActionLedger(Duration retention) {
        this.retention = retention;
    }

    /** A ledger holding {@code history} (e.g. read from the audit store), in any order. */
    public static ActionLedger of(Duration retention, Collection<Entry> history) {
        ActionLedger ledger = new ActionLedger(retention);
        history.stream().sorted(Comparator.comparing(Entry::at)).forEach(ledger::record);
        return ledger;
    }

    public synchronized void record(Entry entry) {
        int i = entries.size();
        while (i > 0 && entries.get(i - 1).at().isAfter(entry.at())) {
            i--;
        }
        entries.add(i, entry);
        Instant horizon = entries.getLast().at().minus(retention);
        entries.removeIf(e -> e.at().isBefore(horizon));
    }

    /**
     * Takes back an entry whose action turned out not to run (refused, stale, failed before changing anything), so
     * only what really happened spends budget and counts for cooldowns and flapping.
     */
    public synchronized void release(Entry entry) {
        entries.remove(entry);
    }

    /**
     * How many distinct incidents other than {@code incidentId} took {@code action} on {@code workload} since
     * {@code from}: the same fix needed again and again, which is what flapping means. Repeating one fix within one
     * incident (one pod after another) is progress, not flapping.
     */
    public synchronized int otherIncidentsSince(ResourceRef workload, ActionType action, Instant from, String incidentId) {
        return (int) entries.stream().filter(e -> !e.at().isBefore(from) && workload.equals(e.workload()) && e.action() == action
                        && !Objects.equals(e.incidentId(), incidentId))
                .map(Entry::incidentId).distinct().count();
    }

    /** The latest entry on {@code workload}. */
    public synchronized Optional<Entry> lastOn(ResourceRef workload) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (workload.equals(entries.get(i).workload())) {
                return Optional.of(entries.get(i));
            }
        }
        return Optional.empty();
    }

    /** Entries at or after {@code from}. */
    public synchronized int countSince(Instant from) {
        return count(from, e -> true);
    }

    public synchronized int countInNamespaceSince(String namespace, Instant from) {
        return count(from, e -> Objects.equals(e.namespace(), namespace));
    }

    public synchronized int countSince(ResourceRef workload, ActionType action, Instant from) {
        return count(from, e -> workload.equals(e.workload()) && e.action() == action);
    }

    /** All entries, oldest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    private int count(Instant from, Predicate<Entry> filter) {
        return (int) entries.stream().filter(e -> !e.at().isBefore(from) && filter.test(e)).count();
    }
}
