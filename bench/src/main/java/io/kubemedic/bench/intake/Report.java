package io.kubemedic.bench.intake;

import io.kubemedic.bench.Machine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints each phase as it ends: the trials' tables, the load's figures, where the CPU went (this JVM: Kubemedic, the
 * sandbox API server and the trial driver; the rest of the machine: the load generator and anything else running),
 * the store's write times, and at the end the summary against the targets.
 */
final class Report {

    private final IntakeRig rig;
    private final List<String> loads = new ArrayList<>();
    private String phase = "";
    private long jvmCpu;
    private long[] machine;
    private long wall;

    Report(IntakeRig rig) {
        this.rig = rig;
    }

    /** A phase begins: CPU counters and the store's histograms start from zero. */
    void phase(String name) {
        phase = name;
        rig.store.alertWrites.reset();
        rig.store.engineWrites.reset();
        jvmCpu = jvmCpuNanos();
        machine = machineTicks();
        wall = System.nanoTime();
        System.out.printf(Locale.ROOT, "%n== %s (load average %s)%n", name, Machine.load());
    }

    void trials(Series... series) {
        for (Series s : series) {
            System.out.print(s.table());
        }
    }

    /** Where the CPU went since the phase began, and the store's write times. */
    void usage() {
        System.out.println("  " + cpu() + "; " + writes());
    }

    /** A load run ended: its figures, and this JVM's CPU time per request (Kubemedic's cost of one notification, plus trials if any). */
    void load(String name, LoadGenerator.Result r) {
        double perRequest = (jvmCpuNanos() - jvmCpu) / 1e6 / Math.max(1, r.requests());
        String line = String.format(Locale.ROOT, "%-24s %s; this JVM %.2f ms CPU per request", name, r.line(), perRequest);
        loads.add(line);
        System.out.println("  " + line);
        usage();
    }

    /** The targets' figures; the first series of each list is the idle one, the others are compared with it. */
    void summary(LoadGenerator.Result saturation, List<Series> reaction, List<Series> receipt) {
        System.out.printf(Locale.ROOT, "%n== summary (load average %s)%n", Machine.load());
        loads.forEach(l -> System.out.println("  " + l));
        System.out.printf(Locale.ROOT, "  intake at saturation: %,.0f req/s (target >= 5,000), p99 %.2f ms (target <= 25 ms)%n",
                saturation.perSecond(), saturation.p99());
        compare("receipt -> eviction at API server (target p99 <= 50 ms)", receipt, Trials.RECEIPT[0]);
        compare("watch-loop reaction, crash -> eviction at API server", reaction, Trials.REACTION[0]);
    }

    private static void compare(String what, List<Series> series, String column) {
        Series idle = series.getFirst();
        System.out.println("  " + what + ":");
        for (Series s : series) {
            System.out.printf(Locale.ROOT, "    %-40s p50 %6.1f  p90 %6.1f  p99 %6.1f  max %6.1f ms (%d trials); vs idle: p50 x%.2f, p99 x%.2f%n", s.name,
                    s.millis(column, 50), s.millis(column, 90), s.millis(column, 99), s.millis(column, 100), s.size(),
                    s.millis(column, 50) / idle.millis(column, 50), s.millis(column, 99) / idle.millis(column, 99));
        }
    }

    private String cpu() {
        double seconds = (System.nanoTime() - wall) / 1e9;
        double jvm = (jvmCpuNanos() - jvmCpu) / 1e9 / seconds;
        long[] now = machineTicks();
        double busy = Double.NaN;
        if (machine != null && now != null) {
            long total = now[0] - machine[0];
            busy = total == 0 ? Double.NaN : (double) (now[1] - machine[1]) / total * Runtime.getRuntime().availableProcessors();
        }
        return String.format(Locale.ROOT, "CPU over %.0f s (cores busy): this JVM %.2f, whole machine %.2f of %d", seconds, jvm, busy,
                Runtime.getRuntime().availableProcessors());
    }

    private String writes() {
        StampingStore s = rig.store;
        return String.format(Locale.ROOT, "store: %,d alert writes p50 %.2f p99 %.2f ms, %,d engine writes p50 %.2f p99 %.2f max %.1f ms",
                s.alertWrites.count(), s.alertWrites.percentileMicros(50) / 1e3, s.alertWrites.percentileMicros(99) / 1e3, s.engineWrites.count(),
                s.engineWrites.percentileMicros(50) / 1e3, s.engineWrites.percentileMicros(99) / 1e3, s.engineWrites.percentileMicros(100) / 1e3);
    }

    private static long jvmCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    /** The machine's total and busy jiffies (first line of /proc/stat: busy = all but idle and iowait), or null. */
    private static long[] machineTicks() {
        try {
            long[] f = Arrays.stream(Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
            long total = Arrays.stream(f).sum();
            return new long[] {total, total - f[3] - f[4]};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
