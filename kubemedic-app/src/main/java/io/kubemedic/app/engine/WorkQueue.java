package io.kubemedic.app.engine;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A work queue with client-go's guarantees: a key queued many times is processed once; a key is never handed to
 * two workers at once; a key added while it is being processed is processed again afterwards (nothing is lost).
 */
public final class WorkQueue<K> implements AutoCloseable {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private final LinkedHashSet<K> queue = new LinkedHashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Set<K> dirty = new HashSet<>();
    private final ScheduledExecutorService delays =
            Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("kubemedic-requeue").unstarted(r));
    private boolean closed;

    public void add(K key) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (processing.contains(key)) {
                dirty.add(key);
            } else if (queue.add(key)) {
                nonEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds the key after a delay (re-checking a verification, retrying after a hold). */
    public void addAfter(K key, Duration delay) {
        if (!closed) {
            delays.schedule(() -> add(key), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /** Blocks for the next key; empty once closed. The caller must call {@link #done} after processing. */
    public Optional<K> take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                nonEmpty.await();
            }
            if (closed) {
                return Optional.empty();
            }
            K key = queue.removeFirst();
            processing.add(key);
            return Optional.of(key);
        } finally {
            lock.unlock();
        }
    }

    public void done(K key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.remove(key) && queue.add(key)) {
                nonEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** True when nothing is queued or being processed (delayed adds not counted). */
    public boolean idle() {
        lock.lock();
        try {
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
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        delays.shutdownNow();
    }
}
