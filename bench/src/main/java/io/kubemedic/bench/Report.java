package io.kubemedic.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/** Prints one run's figures: latency percentiles, where the controller's time went, and the audit store's share. */
final class Report {

    private record Metric(String name, ToLongFunction<Trial> value) {
    }

    private static final List<Metric> LATENCIES = List.of(new Metric("e2e: status write -> eviction done", Trial::e2e),
            new Metric("e2e to eviction sent by Kubemedic", Trial::e2eSent), new Metric("ctrl: event arrives -> eviction sent (Kubemedic)", Trial::ctrl),
            new Metric("old ctrl: harness sees event -> eviction done", Trial::ctrlSrv), new Metric("status write", Trial::write));

    private static final List<Metric> PHASES = List.of(new Metric("parse, dispatch, queue, snapshot, diagnose, plan", Trial::detect),
            new Metric("open incident (saveIncident)", Trial::open), new Metric("guards, storm count, budget entry", Trial::guards),
            new Metric("intent row (append)", Trial::intent), new Metric("live GET of the pod", Trial::read),
            new Metric("eviction request built and handed over", Trial::post));

    private Report() {
    }

    /** The per-run detail on stdout; returns the one-line summary. */
    static String print(String server, int pods, List<Trial> t, long heapMiB, double syncSeconds, String loadBefore, String loadAfter) {
        System.out.printf(Locale.ROOT, "%n== %s, %d pods, %d trials (load average before %s, after %s)%n", server, pods, t.size(), loadBefore, loadAfter);
        System.out.println("  (ms)                                                    p50      p90      p99      max     mean");
        LATENCIES.forEach(m -> System.out.println(Stats.row(m.name(), t, m.value())));
        System.out.println("  ctrl broken down:");
        PHASES.forEach(m -> System.out.println(Stats.row("  " + m.name(), t, m.value())));
        System.out.println(Stats.row("synchronous store writes on the path", t, Trial::audit));
        Map<String, Long> calls = t.stream().collect(Collectors.groupingBy(Trial::storeCalls, TreeMap::new, Collectors.counting()));
        double sumAudit = t.stream().filter(x -> x.ctrl() > 0).mapToLong(Trial::audit).sum();
        double sumCtrl = t.stream().filter(x -> x.ctrl() > 0).mapToLong(Trial::ctrl).sum();
        System.out.printf(Locale.ROOT, "  audit share of ctrl: p50 %.1f %%, p90 %.1f %%, p99 %.1f %%, max %.1f %%; of all ctrl time %.1f %%%n",
                100 * Stats.ratio(t, Trial::auditShare, 50), 100 * Stats.ratio(t, Trial::auditShare, 90), 100 * Stats.ratio(t, Trial::auditShare, 99),
                100 * Stats.ratio(t, Trial::auditShare, 100), 100 * sumAudit / sumCtrl);
        System.out.printf(Locale.ROOT, "  Kubemedic's share of e2e (ctrl / e2e): p50 %.0f %%, p90 %.0f %%%n",
                100 * Stats.ratio(t, Trial::ctrlShare, 50), 100 * Stats.ratio(t, Trial::ctrlShare, 90));
        System.out.printf(Locale.ROOT, "  store calls between status write and eviction sent (calls=trials): %s%n", calls);
        System.out.printf(Locale.ROOT, "  trials without a stamp: ctrl %d, breakdown %d%n", t.stream().filter(x -> x.ctrl() < 0).count(),
                t.stream().filter(x -> x.detect() < 0 || x.open() < 0 || x.guards() < 0 || x.intent() < 0 || x.read() < 0 || x.post() < 0).count());
        csv(server, pods, t);
        System.out.printf(Locale.ROOT, "  heap used by Kubemedic after sync: %d MiB; informer sync %.2f s%n", heapMiB, syncSeconds);
        return String.format(Locale.ROOT, "%-8s %6d %6d | %7.1f %7.1f %7.1f %7.1f | %7.1f %7.1f %7.1f %7.1f | %6.1f | %5.1f%% %5.1f%% | %5d | %5.2f",
                server, pods, t.size(), ms(t, Trial::e2e, 50), ms(t, Trial::e2e, 90), ms(t, Trial::e2e, 99), ms(t, Trial::e2e, 100),
                ms(t, Trial::ctrl, 50), ms(t, Trial::ctrl, 90), ms(t, Trial::ctrl, 99), ms(t, Trial::ctrl, 100), ms(t, Trial::write, 50),
                100 * Stats.ratio(t, Trial::auditShare, 50), 100 * Stats.ratio(t, Trial::auditShare, 99), heapMiB, syncSeconds);
    }

    /** With BENCH_CSV set to a folder, every trial of the run as one CSV line (nanoseconds), for a closer look. */
    private static void csv(String server, int pods, List<Trial> t) {
        String dir = System.getenv("BENCH_CSV");
        if (dir == null || dir.isBlank()) {
            return;
        }
        StringBuilder out = new StringBuilder("write,e2e,e2eSent,ctrl,ctrlSrv,audit,storeCalls,detect,open,guards,intent,read,post\n");
        for (Trial x : t) {
            out.append(String.join(",", List.of(x.write(), x.e2e(), x.e2eSent(), x.ctrl(), x.ctrlSrv(), x.audit()).stream().map(String::valueOf).toList()))
                    .append(',').append(x.storeCalls()).append(',')
                    .append(String.join(",", List.of(x.detect(), x.open(), x.guards(), x.intent(), x.read(), x.post()).stream().map(String::valueOf).toList()))
                    .append('\n');
        }
        try {
            java.nio.file.Path file = java.nio.file.Path.of(dir, server + "-" + pods + "-" + System.currentTimeMillis() + ".csv");
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, out);
            System.out.println("  trials written to " + file);
        } catch (java.io.IOException e) {
            System.out.println("  could not write the trials to " + dir + ": " + e.getMessage());
        }
    }

    static String header() {
        return "server     pods trials |  e2e p50     p90     p99     max |  ctrl p50   p90     p99     max | write50 | audit p50  p99 | heapMiB | sync s";
    }

    private static double ms(List<Trial> t, ToLongFunction<Trial> m, int p) {
        return Stats.millis(t, m, p);
    }
}
