package io.kubemedic.app.audit.elastic;

import io.kubemedic.app.audit.elastic.SegmentFiles.Line;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sink's one sender thread: take the oldest documents, send them, remove from the backlog what Elasticsearch
 * settled (indexed, or refused for good), and back off when it did not. Order is kept: the backlog only ever
 * advances past a prefix, so a row's completion is never overtaken by its earlier INTENT.
 */
final class BulkSender {

    /** Logs under the sink's name: one logger to configure for the whole feature. */
    private static final Logger LOG = LoggerFactory.getLogger(ElasticAuditSink.class);
    private static final long MAX_BATCH_BYTES = 8L * 1024 * 1024;

    private enum Progress { ALL, SOME, NONE }

    private final ElasticAuditSink sink;
    private int failures;

    BulkSender(ElasticAuditSink sink) {
        this.sink = sink;
    }

    void run() {
        try {
            while (sink.awaitBatch()) {
                Progress p = shipOnce(sink.settings.requestTimeout());
                if (p != Progress.ALL) {
                    failures = p == Progress.SOME ? 1 : failures + 1;
                    sink.pause(backoff(failures));
                }
            }
            flushBeforeClose();
        } catch (InterruptedException e) {
            // close() stopped waiting for us: what is not shipped stays on disk for the next start
            Thread.currentThread().interrupt();
        }
    }

    /** {@code FIRST_BACKOFF} doubled per consecutive failure, capped at {@code maxBackoff}. */
    Duration backoff(int attempt) {
        Duration d = ElasticAuditSink.FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(sink.settings.maxBackoff()) > 0 ? sink.settings.maxBackoff() : d;
    }

    private void flushBeforeClose() throws InterruptedException {
        long deadline = System.nanoTime() + sink.settings.requestTimeout().toNanos();
        while (sink.backlog.pending() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || shipOnce(Duration.ofNanos(left)) != Progress.ALL) {
                return;
            }
        }
    }

    private Progress shipOnce(Duration timeout) throws InterruptedException {
        try {
            List<Line> lines = sink.backlog.peek(sink.settings.batchSize(), MAX_BATCH_BYTES);
            List<BacklogEntry> entries = new ArrayList<>();
            for (Line l : lines) {
                BacklogEntry e = ElasticAuditSink.parseOrNull(l.text());
                if (e == null && entries.isEmpty()) {
                    return skipUnreadable(l);
                } else if (e == null) {
                    break;
                }
                entries.add(e);
            }
            if (entries.isEmpty()) {
                return Progress.ALL;
            }
            return settle(lines.subList(0, entries.size()), entries, sink.client.send(entries, timeout));
        } catch (IOException | RuntimeException e) {
            failed("audit backlog " + sink.settings.backlogDir() + ": " + e, null);
            return Progress.NONE;
        }
    }

    private Progress settle(List<Line> lines, List<BacklogEntry> entries, BulkClient.Result result) throws IOException {
        if (result instanceof BulkClient.Failed(String message)) {
            failed(message, entries.getFirst());
            return Progress.NONE;
        }
        List<BulkClient.Item> items = ((BulkClient.Answered) result).items();
        int settled = 0;
        while (settled < items.size() && !items.get(settled).retryable()) {
            settled++;
        }
        int gone = settled == 0 ? 0 : sink.backlog.commit(lines.subList(0, settled));
        for (int i = gone; i < settled; i++) {
            BulkClient.Item item = items.get(i);
            if (item.ok()) {
                sink.shipped.incrementAndGet();
            } else {
                sink.rejected.incrementAndGet();
                BacklogEntry e = entries.get(i);
                LOG.warn("[{}] {}: Elasticsearch refused audit document _id {} with status {} ({}); not retried, counted in rejected()",
                        e.incident(), e.target(), e.id(), item.status(), item.error());
            }
        }
        if (settled == items.size()) {
            recovered(entries.getFirst());
            return Progress.ALL;
        }
        BulkClient.Item item = items.get(settled);
        failed("document _id " + entries.get(settled).id() + " answered " + item.status() + " (" + item.error() + ")",
                entries.get(settled));
        return settled > 0 ? Progress.SOME : Progress.NONE;
    }

    private Progress skipUnreadable(Line line) throws IOException {
        sink.backlog.commit(List.of(line));
        sink.rejected.incrementAndGet();
        String text = line.text();
        LOG.warn("[-] -: unreadable line in audit backlog {} skipped, counted in rejected(): {}", sink.settings.backlogDir(),
                text.length() > 120 ? text.substring(0, 120) + "…" : text);
        return Progress.ALL;
    }

    private void failed(String message, BacklogEntry head) {
        sink.lastError = sink.clock.instant() + " " + message;
        String incident = head == null ? "-" : head.incident();
        String target = head == null ? "-" : head.target();
        if (failures == 0) {
            LOG.warn("[{}] {}: cannot ship audit documents to Elasticsearch: {}; {} kept in {}, retrying with backoff up to {}",
                    incident, target, message, sink.backlog.pending(), sink.settings.backlogDir(), sink.settings.maxBackoff());
        } else {
            LOG.debug("[{}] {}: Elasticsearch audit shipping still failing (attempt {}): {}", incident, target, failures + 1, message);
        }
    }

    private void recovered(BacklogEntry head) {
        boolean hadDrops = sink.dropEpisode.getAndSet(false);
        if (failures > 0 || hadDrops) {
            LOG.info("[{}] {}: Elasticsearch accepts audit documents again after {} failed attempt(s); {} pending, {} dropped so far",
                    head.incident(), head.target(), failures, sink.backlog.pending(), sink.dropped());
        }
        failures = 0;
    }
}
