package io.kubemedic.core.safety;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.ResourceRef;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The memory behind cooldowns, rate limits and flap detection: which action hit which workload when.
 * Rebuilt from the audit store at start so a restart does not reset any budget. Thread-safe.
 * Entries older than {@code retention} are dropped as new ones arrive.
 */
public final class ActionLedger {

    /** One action taken (or, in dry-run, that would have been taken). */
    public record Entry(Instant at, String incidentId, ResourceRef workload, String namespace, ActionType action) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final java.time.Duration retention;

    public ActionLedger(java.time.Duration retention) {
        this.retention = retention;
    }

    /** A ledger holding {@code history} (e.g. read from the audit store), oldest first or in any order. */
    public static ActionLedger of(java.time.Duration retention, Collection<Entry> history) {
        ActionLedger ledger = new ActionLedger(retention);
        history.stream().sorted(java.util.Comparator.comparing(Entry::at)).forEach(ledger::record);
        return ledger;
    }

    public synchronized void record(Entry entry) {
        entries.addLast(entry);
        Instant horizon = entry.at().minus(retention);
        while (!entries.isEmpty() && entries.peekFirst().at().isBefore(horizon)) {
            entries.removeFirst();
        }
    }

    public synchronized Optional<Entry> lastOn(ResourceRef workload) {
        var it = entries.descendingIterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.workload().equals(workload)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public synchronized int countSince(Instant from) {
        return (int) entries.stream().filter(e -> !e.at().isBefore(from)).count();
    }

    public synchronized int countInNamespaceSince(String namespace, Instant from) {
        return (int) entries.stream().filter(e -> !e.at().isBefore(from) && java.util.Objects.equals(e.namespace(), namespace)).count();
    }

    public synchronized int countSince(ResourceRef workload, ActionType action, Instant from) {
        return (int) entries.stream()
                .filter(e -> !e.at().isBefore(from) && e.workload().equals(workload) && e.action() == action).count();
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
