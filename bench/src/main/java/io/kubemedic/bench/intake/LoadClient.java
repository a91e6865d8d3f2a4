package io.kubemedic.bench.intake;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Java load client, for machines without wrk; runs in its own JVM. {@code connections} threads, each with its own
 * HTTP/1.1 client (so its own keep-alive connection), POST the same notification in a closed loop for {@code seconds}
 * and time each request from send to the whole answer read; with {@code delayMillis} each thread pauses that long after
 * each answer (a paced run). Prints the summary lines {@link LoadGenerator} reads. Usage: LoadClient URL TOKEN_FILE PAYLOAD_FILE CONNECTIONS SECONDS [DELAY_MS]
 */
public final class LoadClient {

    private LoadClient() {
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String token = Files.readString(Path.of(args[1])).trim();
        byte[] payload = Files.readAllBytes(Path.of(args[2]));
        int connections = Integer.parseInt(args[3]);
        long seconds = Long.parseLong(args[4]);
        long delayMillis = args.length > 5 ? Long.parseLong(args[5]) : 0;
        Histogram latency = new Histogram();
        LongAdder requests = new LongAdder();
        LongAdder statusErrors = new LongAdder();
        LongAdder socketErrors = new LongAdder();
        HttpRequest post = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            threads.add(Thread.ofPlatform().name("load-" + c).start(() -> {
                try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()) {
                    while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        try {
                            int status = client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
                            latency.recordNanos(System.nanoTime() - t);
                            requests.increment();
                            if (status < 200 || status > 399) {
                                statusErrors.increment();
                            }
                            if (delayMillis > 0) {
                                Thread.sleep(delayMillis);
                            }
                        } catch (java.io.IOException e) {
                            socketErrors.increment();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(seconds + 20));
        }
        long micros = (System.nanoTime() - start) / 1_000;
        System.out.printf(Locale.ROOT, "KM requests=%d duration_us=%d status_errors=%d socket_errors=%d%n", requests.sum(), micros,
                statusErrors.sum(), socketErrors.sum());
        System.out.printf(Locale.ROOT, "KM p50_us=%.0f p90_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f%n", latency.percentileMicros(50),
                latency.percentileMicros(90), latency.percentileMicros(99), latency.percentileMicros(99.9), latency.percentileMicros(100));
        System.exit(0);
    }
}
