package io.kubemedic.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.audit.JdbcAuditStore;
import io.kubemedic.core.config.KubemedicConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One run against a populated cluster, the same on both servers: Kubemedic on its own client and a timed SQLite store,
 * started (informer sync and heap after sync measured), then {@value #WARMUP} warm-up trials (JIT) and the counted
 * trials one after the other, then the report.
 */
final class Session {

    /** One trial on a fresh pod; returns when its incident is closed. */
    interface Body {
        Trial run(int index, Kubemedic app, Probes probes) throws InterruptedException;
    }

    static final int WARMUP = 10;

    private Session() {
    }

    /** Returns the run's summary line. */
    static String run(String server, Config engineConfig, KubemedicConfig config, Path audit, int pods, int trials, Body body) throws InterruptedException {
        long heapBefore = Stats.usedHeap();
        try (JdbcAuditStore store = JdbcAuditStore.openSqlite(audit)) {
            Probes probes = new Probes(store);
            try (KubernetesClient engineClient = probes.client(engineConfig); Kubemedic app = probes.kubemedic(engineClient, config)) {
                long syncStart = System.nanoTime();
                app.start(Fixtures.timing());
                double sync = (System.nanoTime() - syncStart) / 1e9;
                long heap = (Stats.usedHeap() - heapBefore) >> 20;
                System.err.printf(Locale.ROOT, "  N=%d: informers synced in %.2f s; heap used by Kubemedic after sync ≈ %d MiB%n", pods, sync, heap);
                Thread.sleep(2000); // the start-up pass over every target ends
                probes.reset();
                String loadBefore = Machine.load();
                List<Trial> results = new ArrayList<>();
                for (int t = 0; t < WARMUP + trials; t++) {
                    Trial r = body.run(t, app, probes);
                    if (t >= WARMUP) {
                        results.add(r);
                    }
                    if ((t + 1) % 25 == 0) {
                        System.err.printf(Locale.ROOT, "  N=%d: trial %d/%d (+%d warm-up), last e2e %.1f ms, ctrl %.1f ms, audit %.2f ms%n", pods,
                                Math.max(0, t + 1 - WARMUP), trials, WARMUP, r.e2e() / 1e6, r.ctrl() / 1e6, r.audit() / 1e6);
                    }
                }
                return Report.print(server, pods, results, heap, sync, loadBefore, Machine.load());
            }
        }
    }
}
