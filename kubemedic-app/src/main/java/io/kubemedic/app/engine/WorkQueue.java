package io.kubemedic.app.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A work queue with client-go's guarantees: a key queued many times is processed once; a key is never handed to two
 * workers at once; a key added while it is being processed is processed again afterwards (nothing is lost). Delayed
 * adds keep one pending retry per key, the earliest (client-go's delaying queue): re-checking a verification, a hold
 * and a watch event on one target never multiply into parallel timer chains. Failures back off per key,
 * exponentially from {@code baseDelay} up to {@code maxDelay}, until {@link #forget} resets them.
 */
public final class WorkQueue<K> implements AutoCloseable {

    private record Due<K>(long atNanos, K key) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LinkedHashSet<K> queue = new LinkedHashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Set<K> dirty = new HashSet<>();
    private final Map<K, Long> waiting = new HashMap<>();
    private final PriorityQueue<Due<K>> timers = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos, b.atNanos));
    private final Map<K, Integer> failures = new HashMap<>();
    private final Duration baseDelay;
    private final Duration maxDelay;
    private boolean closed;

    public WorkQueue(Duration baseDelay, Duration maxDelay) {
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    public WorkQueue() {
        this(Duration.ofMillis(500), Duration.ofMinutes(5));
    }

    public void add(K key) {
        lock.lock();
        try {
            addLocked(key);
        } finally {
            lock.unlock();
        }
    }

    private void addLocked(K key) {
        if (closed) {
            return;
        }
        if (processing.contains(key)) {
            dirty.add(key);
        } else if (queue.add(key)) {
            changed.signal();
        }
    }

    /**
     * Adds the key after a delay. If a retry of the key is already pending, the earlier of the two wins; the other is
     * dropped, so there is never more than one timer per key.
     */
    public void addAfter(K key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long at = System.nanoTime() + delay.toNanos();
            Long pending = waiting.get(key);
            if (pending != null && pending - at <= 0) {
                return;
            }
            waiting.put(key, at);
            timers.add(new Due<>(at, key));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Adds the key after its next backoff delay: base × 2^failures, capped. Returns that delay. */
    public Duration addRateLimited(K key) {
        Duration delay;
        lock.lock();
        try {
            int n = failures.merge(key, 1, Integer::sum) - 1;
            long millis = baseDelay.toMillis() << Math.min(n, 30);
            delay = millis <= 0 || millis > maxDelay.toMillis() ? maxDelay : Duration.ofMillis(millis);
        } finally {
            lock.unlock();
        }
        addAfter(key, delay);
        return delay;
    }

    /** The key was processed without error: its backoff starts again from the base delay. */
    public void forget(K key) {
        lock.lock();
        try {
            failures.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /** Blocks for the next key; empty once closed. The caller must call {@link #done} after processing. */
    public Optional<K> take() throws InterruptedException {
        return next(0);
    }

    /** As {@link #take}, waiting no longer than {@code timeout}; empty when nothing came. */
    public Optional<K> poll(Duration timeout) throws InterruptedException {
        return next(System.nanoTime() + Math.max(1, timeout.toNanos()));
    }

    /** @param deadline {@link System#nanoTime()} to give up at, or 0 to wait until a key comes or the queue closes */
    private Optional<K> next(long deadline) throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                releaseDueTimers();
                if (!queue.isEmpty()) {
                    K key = queue.removeFirst();
                    processing.add(key);
                    return Optional.of(key);
                }
                long now = System.nanoTime();
                if (deadline != 0 && deadline - now <= 0) {
                    return Optional.empty();
                }
                Due<K> timer = timers.peek();
                long wait = timer == null ? Long.MAX_VALUE : Math.max(1, timer.atNanos - now);
                if (deadline != 0) {
                    wait = Math.min(wait, deadline - now);
                }
                if (wait == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    changed.awaitNanos(wait);
                }
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    private void releaseDueTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().atNanos - now <= 0) {
            Due<K> due = timers.poll();
            Long current = waiting.get(due.key);
            if (current != null && current == due.atNanos) {
                waiting.remove(due.key);
                addLocked(due.key);
            }
        }
    }

    public void done(K key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.remove(key) && queue.add(key)) {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            releaseDueTimers();
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Keys waiting for a delayed add: at most one each. */
    public int pendingRetries() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** True when nothing is queued or being processed (delayed adds not counted). */
    public boolean idle() {
        lock.lock();
        try {
            releaseDueTimers();
            return queue.isEmpty() && processing.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
