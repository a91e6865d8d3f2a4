package io.kubemedic.bench.logs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a reproducible container log of a given size for the log throughput benchmark: mostly ordinary lines of
 * several ecosystems and lengths (plain text, klog, access logs, JSON), with near misses ("connection established",
 * "timeout=30s", "0 errors"), and about 3 % failures of every pattern family, some as JSON, some with stack traces.
 * Seeded, so the same size gives the same file on every machine.
 */
final class SyntheticLog {

    private static final String[] WORDS = ("request handled user order cache refresh scheduled job started finished "
            + "worker pool queue message consumer producer partition offset committed batch flushed bytes records "
            + "session opened closed retries=3 healthy endpoint tenant region zone replica leader elected snapshot "
            + "compaction metrics exported latency p99 gc pause heap used keepalive upstream downstream client server").split(" ");
    /** Words close to a failure that must not count as one. */
    private static final String[] NEAR_MISSES = {"connection established", "timeout=30s", "0 errors", "token count=12",
        "config loaded from /etc/app/config.yaml", "status ok", "connected to postgres", "read timeout set to 5s"};
    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "DEBUG", "WARN"};
    private static final String[] PATHS = {"/api/v1/orders", "/api/v1/users/42", "/healthz", "/metrics", "/static/app.js",
        "/api/v2/search?q=shoes", "/login", "/api/v1/cart/items"};

    /** Failure lines, one or more per pattern family, as real software prints them. */
    static final List<String> FAILURES = List.of(
            "%s ERROR [main] c.e.orders.Db - java.net.ConnectException: Connection refused (Connection refused)",
            "%s error: connect ECONNREFUSED 10.96.12.7:6379",
            "%s level=error msg=\"dial tcp 10.96.0.15:5432: connect: connection refused\"",
            "%s WARN  upstream request failed: read tcp 10.1.0.4:41234->10.96.3.3:80: read: connection reset by peer",
            "%s ERROR http: Get \"http://payments:8080/charge\": context deadline exceeded",
            "%s ERROR dial tcp: lookup payments on 10.96.0.10:53: i/o timeout",
            "%s ERROR java.net.SocketTimeoutException: Read timed out",
            "%s ERROR Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space",
            "[%s] Out of memory: Killed process 4242 (java) total-vm:4194304kB, anon-rss:2097152kB",
            "%s ERROR dial tcp: lookup orders-db.prod.svc.cluster.local: no such host",
            "%s ERROR socket.gaierror: [Errno -3] Temporary failure in name resolution",
            "%s ERROR open /var/lib/app/data.db: permission denied",
            "%s ERROR Error: EACCES: permission denied, open '/data/cache.json'",
            "%s ERROR write /var/log/app/out.log: no space left on device",
            "%s ERROR Get \"https://auth.example.com/keys\": x509: certificate signed by unknown authority",
            "%s ERROR javax.net.ssl.SSLHandshakeException: PKIX path building failed",
            "%s ERROR panic: runtime error: index out of range [3] with length 3",
            "%s Segmentation fault (core dumped)",
            "10.1.2.3 - - [%s] \"POST /api/v1/orders HTTP/1.1\" 502 157 \"-\" \"okhttp/4.12.0\" 0.031",
            "10.1.2.9 - - [%s] \"GET /api/v1/users/42 HTTP/1.1\" 503 0 \"-\" \"curl/8.5.0\" 0.001",
            "%s UTC [812] FATAL:  password authentication failed for user \"orders\"",
            "%s UTC [977] ERROR:  deadlock detected",
            "%s ERROR psql: error: could not connect to server: No such file or directory",
            "%s FATAL Error: environment variable DATABASE_URL is not set",
            "%s ERROR missing required configuration key 'spring.datasource.url'",
            "%s WARN  429 Too Many Requests from https://api.github.com/repos",
            "{\"level\":\"error\",\"ts\":\"%s\",\"logger\":\"db\",\"msg\":\"query failed\",\"error\":\"pq: deadlock detected\"}",
            "{\"level\":\"error\",\"time\":\"%s\",\"msg\":\"upstream failed\",\"error\":\"dial tcp 10.0.0.9:443: connect: connection refused\"}",
            "{\"severity\":\"ERROR\",\"@timestamp\":\"%s\",\"message\":\"request failed\",\"status\":503}",
            "{\"level\":50,\"time\":\"%s\",\"msg\":\"TypeError: Cannot read properties of undefined (reading 'id')\"}");

    private SyntheticLog() {
    }

    /** The distinct lines of each kind the generator writes (failures, trace lines, near misses), one each. */
    static List<String> samples() {
        String ts = "2024-05-01T12:00:00.000Z";
        List<String> out = new java.util.ArrayList<>();
        FAILURES.forEach(f -> out.add(f.formatted(ts)));
        for (String n : NEAR_MISSES) {
            out.add(ts + " INFO [worker-1] c.e.orders.OrderService - " + n);
        }
        StringBuilder sb = new StringBuilder();
        SplittableRandom r = new SplittableRandom(SEED_FOR_SAMPLES);
        javaTrace(sb, ts, r);
        pythonTrace(sb, ts);
        goPanic(sb);
        for (int i = 0; i < 50; i++) {
            line(sb, r, 1_714_560_000L + i);
        }
        sb.toString().lines().distinct().forEach(out::add);
        return out.stream().distinct().toList();
    }

    private static final long SEED_FOR_SAMPLES = 7;

    /** Writes about {@code bytes} bytes of log to {@code file}. */
    static void write(Path file, long bytes, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            StringBuilder sb = new StringBuilder(16 << 10);
            long written = 0;
            long seconds = 1_714_560_000L;
            while (written < bytes) {
                sb.setLength(0);
                for (int i = 0; i < 200; i++) {
                    seconds += r.nextInt(2);
                    line(sb, r, seconds);
                }
                byte[] chunk = sb.toString().getBytes(StandardCharsets.UTF_8);
                out.write(chunk);
                written += chunk.length;
            }
        }
    }

    private static void line(StringBuilder sb, SplittableRandom r, long seconds) {
        String ts = timestamp(seconds, r.nextInt(1000));
        int roll = r.nextInt(1000);
        if (roll < 24) {
            sb.append(FAILURES.get(r.nextInt(FAILURES.size())).formatted(ts)).append('\n');
        } else if (roll < 26) {
            javaTrace(sb, ts, r);
        } else if (roll < 27) {
            pythonTrace(sb, ts);
        } else if (roll < 28) {
            goPanic(sb);
        } else if (roll < 300) {
            sb.append("10.").append(r.nextInt(256)).append('.').append(r.nextInt(256)).append('.').append(r.nextInt(256))
                    .append(" - - [").append(ts).append("] \"GET ").append(PATHS[r.nextInt(PATHS.length)]).append(" HTTP/1.1\" ")
                    .append(r.nextInt(10) == 0 ? 404 : 200).append(' ').append(r.nextInt(90_000)).append(" \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\" 0.0")
                    .append(r.nextInt(100)).append('\n');
        } else if (roll < 450) {
            sb.append("{\"level\":\"info\",\"ts\":\"").append(ts).append("\",\"logger\":\"http\",\"msg\":\"");
            words(sb, r, 3 + r.nextInt(8));
            sb.append("\",\"path\":\"").append(PATHS[r.nextInt(PATHS.length)]).append("\",\"status\":200,\"duration_ms\":")
                    .append(r.nextInt(500)).append("}\n");
        } else if (roll < 600) {
            sb.append("I0501 12:").append(10 + r.nextInt(50)).append(":").append(10 + r.nextInt(50)).append(".123456       1 controller.go:")
                    .append(r.nextInt(900)).append("] ");
            words(sb, r, 4 + r.nextInt(10));
            sb.append('\n');
        } else {
            sb.append(ts).append(' ').append(LEVELS[r.nextInt(LEVELS.length)]).append(" [worker-").append(r.nextInt(16))
                    .append("] c.e.orders.OrderService - ");
            words(sb, r, 2 + r.nextInt(r.nextInt(10) == 0 ? 40 : 14));
            sb.append('\n');
        }
    }

    private static void words(StringBuilder sb, SplittableRandom r, int n) {
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            int pick = r.nextInt(100);
            sb.append(pick < 2 ? NEAR_MISSES[r.nextInt(NEAR_MISSES.length)] : pick < 18 ? String.valueOf(r.nextInt(100_000)) : WORDS[r.nextInt(WORDS.length)]);
        }
    }

    private static long cachedSecond = -1;
    private static String cachedPrefix = "";

    private static String timestamp(long seconds, int millis) {
        if (seconds != cachedSecond) {
            long s = seconds % 86_400;
            cachedPrefix = String.format("2024-05-%02dT%02d:%02d:%02d.", 1 + (seconds / 86_400) % 28, s / 3600, (s / 60) % 60, s % 60);
            cachedSecond = seconds;
        }
        return cachedPrefix + (char) ('0' + millis / 100) + (char) ('0' + millis / 10 % 10) + (char) ('0' + millis % 10) + 'Z';
    }

    private static void javaTrace(StringBuilder sb, String ts, SplittableRandom r) {
        sb.append(ts).append(" ERROR [http-nio-8080-exec-").append(r.nextInt(20)).append("] c.e.orders.OrderController - Request failed\n");
        sb.append("java.lang.NullPointerException: Cannot invoke \"com.example.Order.id()\" because \"order\" is null\n");
        for (int i = 0; i < 30; i++) {
            sb.append("\tat com.example.orders.Layer").append(i).append(".handle(Layer").append(i).append(".java:").append(10 + i).append(")\n");
        }
        sb.append("Caused by: java.lang.IllegalStateException: order cache not ready\n\tat com.example.orders.Cache.get(Cache.java:77)\n\t... 30 more\n");
    }

    private static void pythonTrace(StringBuilder sb, String ts) {
        sb.append(ts).append(" ERROR app.worker: task failed\nTraceback (most recent call last):\n")
                .append("  File \"/app/worker.py\", line 42, in run\n    result = handle(job)\n")
                .append("  File \"/app/handlers.py\", line 17, in handle\n    return job.payload[\"id\"]\n")
                .append("KeyError: 'id'\n");
    }

    private static void goPanic(StringBuilder sb) {
        sb.append("panic: runtime error: invalid memory address or nil pointer dereference\n")
                .append("[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6a3b2f]\n\n")
                .append("goroutine 1 [running]:\nmain.(*Server).handle(0x0, {0xc0000a4000, 0x10})\n\t/app/server.go:88 +0x2f\n")
                .append("main.main()\n\t/app/main.go:12 +0x1d\n");
    }
}
