package io.kubemedic.bench.intake;

import io.kubemedic.bench.Machine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Alert intake throughput and latency, and whether the intake slows the watch loop. Kubemedic, the sandbox API server
 * and the trial driver run in this JVM; the load comes from a second process ({@link LoadGenerator}: wrk, or
 * {@link LoadClient}) posting a fixed Alertmanager notification of ten firing alerts on healthy pods, which the
 * intake parses, judges (re-reading each pod from the caches: healthy, nothing to do), stores and answers 202.
 * Phases, in order:
 * <ol>
 *   <li>idle: reaction trials (crash loop → eviction), then receipt trials (memory-leak alert → eviction);</li>
 *   <li>load warm-up ({@value #LOAD_WARMUP_SECONDS} s), then the load alone for {@value #SWEEP_SECONDS} s at each
 *       connection count of the sweep, then saturation: the load alone for {@value #SATURATION_SECONDS} s;</li>
 *   <li>the load again, with reaction trials running under it, then with receipt trials under it;</li>
 *   <li>a paced load ({@value #PACED_CONNECTIONS} connections, each pausing after every answer, aiming at
 *       {@code pacedRate} requests/s, below saturation) with reaction trials, then with receipt trials.</li>
 * </ol>
 * Usage: IntakeBench [trials=150] [loadSeconds=60] [connections=32] [client=wrk|java] [wrkThreads=1] [sweep=4,8,16,64]
 * [pacedRate=1000]
 */
public final class IntakeBench {

    static final int WARMUP = 10;
    static final int LOAD_DEPLOYMENTS = 10;
    static final int HEAL_DEPLOYMENTS = 10;
    static final int REPLICAS = 10;
    static final int LOAD_WARMUP_SECONDS = 10;
    static final int SWEEP_SECONDS = 10;
    static final int PACED_CONNECTIONS = 8;
    static final int SATURATION_SECONDS = 20;

    private IntakeBench() {
    }

    interface Body {
        long[] run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        int loadSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        LoadGenerator.Kind kind = args.length > 3 ? LoadGenerator.Kind.valueOf(args[3].toUpperCase(Locale.ROOT)) : LoadGenerator.available();
        int wrkThreads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        int pacedRate = args.length > 6 ? Integer.parseInt(args[6]) : 1000;
        int pause = (int) Math.max(1, Math.round(PACED_CONNECTIONS * 1000.0 / pacedRate) - 1); // about 1 ms per answer
        int[] sweep = Arrays.stream((args.length > 5 ? args[5] : "4,8,16,64").split(",")).filter(x -> !x.isBlank()).mapToInt(Integer::parseInt).toArray();
        System.out.println("machine: " + Machine.describe() + "; load average " + Machine.load());
        Path dir = Files.createTempDirectory("kubemedic-intake-bench");
        try (IntakeRig rig = IntakeRig.start(dir, LOAD_DEPLOYMENTS, HEAL_DEPLOYMENTS, REPLICAS)) {
            String payload = Payloads.load(rig.loadPods(), Instant.now());
            System.out.println("load notification (" + payload.length() + " bytes): " + check(rig, payload));
            Trials t = new Trials(rig);
            LoadGenerator load = new LoadGenerator(kind, dir, rig.alertmanagerUrl(), rig.token, payload, wrkThreads);
            Report report = new Report(rig);

            report.phase("idle");
            Series reactionIdle = run(new Series("reaction, idle", Trials.REACTION), WARMUP, trials, Long.MAX_VALUE, t::reaction);
            Series receiptIdle = run(new Series("receipt, idle", Trials.RECEIPT), WARMUP, trials, Long.MAX_VALUE, t::receipt);
            report.trials(reactionIdle, receiptIdle);
            report.usage();

            int incidentsBefore = rig.store.incidents(1000).size();
            load.await(load.start(LOAD_WARMUP_SECONDS, connections));
            for (int c : sweep) {
                report.phase("sweep, " + c + " connections");
                report.load("sweep, " + c + " connections", load.await(load.start(SWEEP_SECONDS, c)));
            }
            report.phase("saturation, " + connections + " connections");
            LoadGenerator.Result saturation = load.await(load.start(SATURATION_SECONDS, connections));
            report.load("saturation, no trials", saturation);
            System.out.println("  incidents opened by the load alone (expected 0): " + (rig.store.incidents(1000).size() - incidentsBefore));

            Series reactionLoad = underLoad(load, connections, 0, report, "load + reaction trials", loadSeconds,
                    deadline -> run(new Series("reaction, under saturating intake load", Trials.REACTION), 2, trials, deadline, t::reaction));
            Series receiptLoad = underLoad(load, connections, 0, report, "load + receipt trials", loadSeconds,
                    deadline -> run(new Series("receipt, under saturating intake load", Trials.RECEIPT), 2, trials, deadline, t::receipt));
            report.trials(reactionLoad, receiptLoad);
            Series reactionPaced = underLoad(load, PACED_CONNECTIONS, pause, report, "paced + reaction trials", loadSeconds,
                    deadline -> run(new Series("reaction, under paced intake load", Trials.REACTION), 2, trials, deadline, t::reaction));
            Series receiptPaced = underLoad(load, PACED_CONNECTIONS, pause, report, "paced + receipt trials", loadSeconds,
                    deadline -> run(new Series("receipt, under paced intake load", Trials.RECEIPT), 2, trials, deadline, t::receipt));
            report.trials(reactionPaced, receiptPaced);
            report.summary(saturation, List.of(reactionIdle, reactionLoad, reactionPaced), List.of(receiptIdle, receiptLoad, receiptPaced));
            String csv = System.getenv("BENCH_CSV");
            if (csv != null && !csv.isBlank()) {
                for (Series s : List.of(reactionIdle, receiptIdle, reactionLoad, receiptLoad, reactionPaced, receiptPaced)) {
                    s.csv(Path.of(csv));
                }
            }
        }
        try (var files = Files.walk(dir)) { // the store, the payload, the token, the load's output
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        System.exit(0); // the sandbox's and the HTTP clients' non-daemon threads
    }

    interface Phase {
        Series run(long deadlineNanos) throws Exception;
    }

    /** Starts the load, lets it run 2 s, runs the trials until 5 s before it ends, then collects the load's figures. */
    private static Series underLoad(LoadGenerator load, int connections, int pause, Report report, String name, int seconds, Phase trials)
            throws Exception {
        report.phase(name);
        LoadGenerator.Run run = load.start(seconds, connections, pause);
        long started = System.nanoTime();
        Thread.sleep(2000);
        Series s = trials.run(started + Duration.ofSeconds(seconds - 5).toNanos());
        report.load(name, load.await(run));
        return s;
    }

    /** {@code warmup} uncounted trials, then up to {@code count} counted ones, starting none after {@code deadline}. */
    private static Series run(Series series, int warmup, int count, long deadline, Body body) throws Exception {
        for (int i = 0; i < warmup + count && System.nanoTime() < deadline; i++) {
            long[] r = body.run();
            if (i >= warmup) {
                series.add(r);
            }
            if ((i + 1) % 25 == 0) {
                System.err.printf(Locale.ROOT, "  %s: trial %d (+%d warm-up), last %.1f ms%n", series.name, Math.max(0, i + 1 - warmup), warmup, r[0] / 1e6);
            }
        }
        return series;
    }

    /** Posts the load notification once: it must be answered 202 with every alert found healthy, or the load means nothing. */
    private static String check(IntakeRig rig, String payload) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rig.alertmanagerUrl())).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + rig.token).POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
                    HttpResponse.BodyHandlers.ofString());
            int healthy = r.body().split("\"disposition\":\"healthy\"", -1).length - 1;
            if (r.statusCode() != 202 || healthy != 10) {
                throw new IllegalStateException("the load notification was answered " + r.statusCode() + " (" + healthy + " healthy): " + r.body());
            }
            return "answered 202, all ten alerts 'healthy' (" + r.body().length() + " bytes)";
        }
    }
}
