package io.kubemedic.app.audit.elastic;

import io.kubemedic.core.model.AuditRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Copies every audit row into Elasticsearch ({@code _bulk} into {@code self-healing-audit}) without ever making the
 * engine wait for, or fail because of, Elasticsearch. {@link #accept} only appends the document to an on-disk
 * backlog; one daemon thread ships batches, retries failures with exponential backoff and removes what Elasticsearch
 * acknowledged. A restart ships what is left in the backlog directory.
 *
 * <p>Delivery is at least once: a document can be sent twice (a lost answer, a crash before the cursor moved), and
 * the {@code _id} {@code <incident>-<row>} makes the second write an overwrite. Loss happens only by decision, and
 * is counted: the backlog is bounded by {@code backlogMaxBytes}, and when a write would exceed it the <em>oldest</em>
 * unshipped documents are dropped ({@link #dropped()}, one WARN per episode), so an Elasticsearch outage cannot
 * fill the disk. Documents Elasticsearch refuses with a 4xx other than 429 are logged and counted as
 * {@link #rejected()}, not retried: they would fail forever and block everything behind them.
 */
public final class ElasticAuditSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticAuditSink.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    final ElasticSettings settings;
    final Clock clock;
    final DiskBacklog backlog;
    final BulkClient client;
    final AtomicLong shipped = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    final AtomicBoolean dropEpisode = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread sender;
    volatile String lastError;
    private volatile boolean closing;

    public ElasticAuditSink(ElasticSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** Opens the backlog in {@code settings.backlogDir()} (picking up a previous run's leftovers) and starts shipping. */
    public ElasticAuditSink(ElasticSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        try {
            this.backlog = DiskBacklog.open(settings.backlogDir(), settings.backlogMaxBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit backlog in " + settings.backlogDir() + ": " + e.getMessage(), e);
        }
        this.client = new BulkClient(settings);
        this.sender = Thread.ofPlatform().daemon().name("kubemedic-elastic-sink").unstarted(new BulkSender(this)::run);
        sender.start();
    }

    /**
     * Queues the row's document on disk; returns once it is written there, never waiting for the network.
     *
     * @throws UncheckedIOException  when the backlog cannot be written (the caller's primary store is unaffected)
     * @throws IllegalStateException after {@link #close()}
     */
    public void accept(AuditRecord record) {
        if (closed.get()) {
            throw new IllegalStateException("[" + record.incidentId() + "] " + ElasticDocument.target(record)
                    + ": the Elasticsearch audit sink is closed");
        }
        byte[] line = BacklogEntry.of(record).toLine();
        if (line.length > settings.backlogMaxBytes()) {
            dropped.incrementAndGet();
            LOG.warn("[{}] {}: audit document of {} bytes is larger than audit.elastic.backlogMaxBytes ({}); dropped",
                    record.incidentId(), ElasticDocument.target(record), line.length, settings.backlogMaxBytes());
            return;
        }
        DiskBacklog.Appended appended;
        try {
            appended = backlog.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException("[" + record.incidentId() + "] " + ElasticDocument.target(record)
                    + ": cannot write the audit document to " + settings.backlogDir() + ": " + e.getMessage(), e);
        }
        if (appended.dropped() > 0) {
            dropped.addAndGet(appended.dropped());
            if (dropEpisode.compareAndSet(false, true)) {
                BacklogEntry oldest = parseOrNull(appended.firstDropped());
                LOG.warn("[{}] {}: audit backlog {} is full (audit.elastic.backlogMaxBytes={}); dropping the oldest unshipped "
                                + "documents, starting with {}, to keep the newest. Logged once until Elasticsearch catches up; see dropped()",
                        oldest == null ? "-" : oldest.incident(), oldest == null ? "-" : oldest.target(), settings.backlogDir(),
                        settings.backlogMaxBytes(), oldest == null ? "an unreadable line" : "_id " + oldest.id());
            }
        }
        signal();
    }

    /** Documents Elasticsearch acknowledged. */
    public long shipped() {
        return shipped.get();
    }

    /** Documents waiting on disk. */
    public long pending() {
        return backlog.pending();
    }

    /**
     * Documents removed unshipped to keep the backlog within its bound. One the bound removed while its batch was
     * already on the way may still arrive; it counts here, not in {@link #shipped()}.
     */
    public long dropped() {
        return dropped.get();
    }

    /** Documents Elasticsearch refused for good (4xx other than 429), and unreadable backlog lines. */
    public long rejected() {
        return rejected.get();
    }

    /** The latest failure, with its time; kept after recovery so a status page can show it. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /**
     * Tries to ship what is pending for up to {@code requestTimeout}, then stops the sender. What is not shipped stays
     * on disk for the next start.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing = true;
        signal();
        try {
            if (!sender.join(settings.requestTimeout().plus(CLOSE_GRACE))) {
                sender.interrupt();
                sender.join(CLOSE_GRACE);
            }
        } catch (InterruptedException e) {
            sender.interrupt();
            Thread.currentThread().interrupt();
        }
        client.close();
        try {
            backlog.close();
        } catch (IOException e) {
            LOG.warn("closing the audit backlog {} failed: {}", settings.backlogDir(), e.toString());
        }
        LOG.info("Elasticsearch audit sink closed: {} shipped, {} left in {}, {} dropped, {} rejected",
                shipped(), pending(), settings.backlogDir(), dropped(), rejected());
    }

    boolean closing() {
        return closing;
    }

    /** Waits until there is a batch to send: {@code batchSize} documents, or any after {@code flushInterval}. */
    boolean awaitBatch() throws InterruptedException {
        lock.lock();
        try {
            while (!closing && backlog.pending() == 0) {
                wake.await();
            }
            long left = settings.flushInterval().toNanos();
            while (!closing && backlog.pending() < settings.batchSize() && left > 0) {
                left = wake.awaitNanos(left);
            }
            return !closing;
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps for {@code delay} or until {@link #close()}; new documents do not cut it short. */
    void pause(Duration delay) throws InterruptedException {
        lock.lock();
        try {
            long left = delay.toNanos();
            while (!closing && left > 0) {
                left = wake.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    static BacklogEntry parseOrNull(String line) {
        try {
            return line == null ? null : BacklogEntry.parse(line);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void signal() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ElasticAuditSink[" + settings + ", shipped=" + shipped() + ", pending=" + pending() + "]";
    }
}
