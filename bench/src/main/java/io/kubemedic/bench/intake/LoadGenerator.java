package io.kubemedic.bench.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load, from a second process on 127.0.0.1: {@code wrk} (Debian's package) with a Lua script that POSTs one fixed
 * notification over and over on {@code connections} keep-alive connections, or {@link LoadClient} in its own JVM when
 * wrk is not installed. Both are closed-loop (each connection sends its next request once the last is answered) and
 * print the same {@code KM key=value} summary lines, parsed into a {@link Result}. A paced run waits {@code delayMillis}
 * after each answer before the next request on that connection (wrk's {@code delay()} hook), which lowers the rate
 * below saturation; latency is still timed from each request's send.
 */
final class LoadGenerator {

    enum Kind { WRK, JAVA }

    /** One load run: throughput and the client-side latency of every request, in milliseconds. */
    record Result(Kind kind, int connections, int delayMillis, double seconds, long requests, long statusErrors, long socketErrors,
                  double p50, double p90, double p99, double p999, double max, double cpuSeconds) {

        double perSecond() {
            return requests / seconds;
        }

        String line() {
            return String.format(Locale.ROOT, "%,.0f req/s (%,d requests in %.1f s; %,.0f alerts/s), latency p50 %.2f  p90 %.2f  p99 %.2f  "
                    + "p99.9 %.2f  max %.1f ms; non-2xx %d, socket errors %d [%s, %d connections%s, %.2f cores]", perSecond(), requests, seconds,
                    perSecond() * 10, p50, p90, p99, p999, max, statusErrors, socketErrors, kind.name().toLowerCase(Locale.ROOT), connections,
                    delayMillis > 0 ? ", " + delayMillis + " ms pause after each answer" : "", cpuSeconds / seconds);
        }
    }

    /** A started run: the process and where its summary goes. */
    record Run(Process process, Path out, int seconds, int connections, int delayMillis) {
    }

    private static final String LUA = """
            local f = assert(io.open("%s", "rb"))
            wrk.method = "POST"
            wrk.body = f:read("*a")
            f:close()
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["Authorization"] = "Bearer %s"
            local pause = tonumber(os.getenv("KM_DELAY_MS") or "0")
            if pause > 0 then
              delay = function() return pause end
            end
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("KM requests=%%d duration_us=%%d status_errors=%%d socket_errors=%%d\\n",
                summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout))
              io.write(string.format("KM p50_us=%%d p90_us=%%d p99_us=%%d p999_us=%%d max_us=%%d\\n", latency:percentile(50),
                latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
            end
            """;

    final Kind kind;
    private final Path dir;
    private final String url;
    private final int threads;
    private int runs;

    LoadGenerator(Kind kind, Path dir, String url, String token, String payload, int threads) throws IOException {
        this.kind = kind;
        this.dir = dir;
        this.url = url;
        this.threads = threads;
        Files.writeString(dir.resolve("payload.json"), payload);
        Files.writeString(dir.resolve("token"), token);
        Files.writeString(dir.resolve("load.lua"), String.format(Locale.ROOT, LUA, dir.resolve("payload.json"), token));
        Files.setPosixFilePermissions(dir.resolve("token"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(dir.resolve("load.lua"), PosixFilePermissions.fromString("rw-------"));
    }

    /** wrk when it is on the PATH, else the Java client. */
    static Kind available() {
        for (String p : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(p, "wrk"))) {
                return Kind.WRK;
            }
        }
        return Kind.JAVA;
    }

    Run start(int seconds, int connections) throws IOException {
        return start(seconds, connections, 0);
    }

    Run start(int seconds, int connections, int delayMillis) throws IOException {
        List<String> command = kind == Kind.WRK
                ? List.of("wrk", "-t" + Math.min(threads, connections), "-c" + connections, "-d" + seconds + "s", "--timeout", "10s", "--latency",
                        "-s", dir.resolve("load.lua").toString(), url)
                : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                        LoadClient.class.getName(), url, dir.resolve("token").toString(), dir.resolve("payload.json").toString(),
                        Integer.toString(connections), Integer.toString(seconds), Integer.toString(delayMillis));
        Path out = dir.resolve("load-" + ++runs + ".out");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("KM_DELAY_MS", Integer.toString(delayMillis));
        Process p = builder.redirectOutput(out.toFile()).redirectError(dir.resolve("load-" + runs + ".err").toFile()).start();
        return new Run(p, out, seconds, connections, delayMillis);
    }

    /**
     * Waits for the run to end (at most its length plus 30 s, then it is killed) and reads its summary. Meanwhile
     * samples the process's CPU time every 200 ms; the last sample before it exits is its (slightly short) total.
     */
    Result await(Run run) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(run.seconds() + 30L);
        Duration cpu = Duration.ZERO;
        while (!run.process().waitFor(200, TimeUnit.MILLISECONDS)) {
            cpu = run.process().info().totalCpuDuration().orElse(cpu);
            if (System.nanoTime() > deadline) {
                run.process().destroyForcibly();
                throw new IllegalStateException("the load generator did not end within " + (run.seconds() + 30) + " s");
            }
        }
        Map<String, Double> v = new HashMap<>();
        for (String line : Files.readAllLines(run.out())) {
            if (line.startsWith("KM ")) {
                for (String kv : line.substring(3).trim().split("\\s+")) {
                    v.put(kv.substring(0, kv.indexOf('=')), Double.parseDouble(kv.substring(kv.indexOf('=') + 1)));
                }
            }
        }
        if (!v.containsKey("requests") || !v.containsKey("p50_us")) {
            throw new IllegalStateException("the load generator printed no summary (exit " + run.process().exitValue() + "): see " + run.out());
        }
        return new Result(kind, run.connections(), run.delayMillis(), v.get("duration_us") / 1e6, v.get("requests").longValue(), v.get("status_errors").longValue(),
                v.get("socket_errors").longValue(), v.get("p50_us") / 1e3, v.get("p90_us") / 1e3, v.get("p99_us") / 1e3, v.get("p999_us") / 1e3,
                v.get("max_us") / 1e3, cpu.toNanos() / 1e9);
    }
}
