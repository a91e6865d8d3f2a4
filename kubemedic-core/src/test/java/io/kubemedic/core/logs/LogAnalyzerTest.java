package io.kubemedic.core.logs;

import io.kubemedic.core.logs.LogAnalyzer.Entry;
import io.kubemedic.core.logs.LogAnalyzer.Options;
import io.kubemedic.core.logs.LogAnalyzer.Result;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LogAnalyzerTest {

    private static final LogAnalyzer ANALYZER = LogAnalyzer.builtIn();
    private static final Options OPTIONS = Options.defaults();

    private static String javaTrace() {
        return javaTrace("java.lang.IllegalStateException: order cache not ready");
    }

    private static String javaTrace(String cause) {
        StringBuilder sb = new StringBuilder("2024-05-01T12:00:00.123Z ERROR [http-nio-8080-exec-3] c.e.OrderController - Request failed\n");
        sb.append("java.lang.NullPointerException: Cannot invoke \"com.example.Order.id()\" because \"order\" is null\n");
        for (int i = 0; i < 30; i++) {
            sb.append("\tat com.example.Layer").append(i).append(".handle(Layer").append(i).append(".java:").append(10 + i).append(")\n");
        }
        return sb.append("Caused by: ").append(cause).append("\n\tat java.base/sun.nio.ch.Net.connect0(Native Method)\n")
                .append("\t... 30 more\n").toString();
    }

    @Test
    void aJavaStackTraceIsOneErrorWithTheFirstPatternItShows() {
        String log = "2024-05-01T11:59:59.000Z INFO  [main] c.e.App - Started in 2.1 s\n" + javaTrace()
                + "2024-05-01T12:00:01.000Z INFO  [main] c.e.App - next request\n";
        Result r = ANALYZER.analyze(log, OPTIONS);
        assertThat(r.totalLines()).isEqualTo(37);
        assertThat(r.errorCount()).isEqualTo(1);
        assertThat(r.errorPatterns()).containsExactly(Map.entry("null_pointer", 1L));
        Entry e = r.errors().getFirst();
        assertThat(e.lines()).isEqualTo(35);
        assertThat(e.level()).isEqualTo("error");
        assertThat(e.timestamp()).isEqualTo("2024-05-01T12:00:00.123Z");
        assertThat(e.message()).startsWith("ERROR [http-nio-8080-exec-3] c.e.OrderController - Request failed | java.lang.NullPointerException");
    }

    @Test
    void whenTheFirstLineMatchesNothingTheMostSpecificCauseInTheTraceWins() {
        Result r = ANALYZER.analyze(javaTrace("java.net.ConnectException: Connection refused"), OPTIONS);
        assertThat(r.errorPatterns()).containsExactly(Map.entry("connection_error", 1L));
        assertThat(r.errors().getFirst().message()).endsWith("Request failed | Caused by: java.net.ConnectException: Connection refused");
    }

    @Test
    void anExceptionOnTheFirstLineClassifiesTheWholeTrace() {
        String log = "Exception in thread \"main\" java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n"
                + "Caused by: java.net.UnknownHostException: db\n\tat a.B.d(B.java:2)\n\t... 1 more\n";
        Result r = ANALYZER.analyze(log, OPTIONS);
        assertThat(r.errorCount()).isEqualTo(1);
        assertThat(r.errorPatterns()).containsExactly(Map.entry("unhandled_exception", 1L));
        assertThat(r.errors().getFirst().lines()).isEqualTo(5);
    }

    @Test
    void pythonTracebacksGoAndNodeTracesGroupToo() {
        String log = """
                2024-05-01 12:00:00,001 ERROR app.worker: task failed
                Traceback (most recent call last):
                  File "/app/worker.py", line 42, in run
                    result = handle(job)
                KeyError: 'id'

                During handling of the above exception, another exception occurred:

                Traceback (most recent call last):
                  File "/app/worker.py", line 44, in run
                ConnectionRefusedError: [Errno 111] Connection refused
                panic: runtime error: invalid memory address or nil pointer dereference
                [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6a3b2f]

                goroutine 1 [running]:
                main.(*Server).handle(0x0, {0xc0000a4000, 0x10})
                	/app/server.go:88 +0x2f
                main.main()
                	/app/main.go:12 +0x1d
                exit status 2
                2024-05-01T12:00:02Z INFO restarting
                Error: connect ECONNREFUSED 127.0.0.1:6379
                    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)
                I0501 12:00:00.000000       1 main.go:10] back to normal
                """;
        Result r = ANALYZER.analyze(log, OPTIONS);
        assertThat(r.errors()).extracting(Entry::pattern).containsExactly("connection_error", "null_pointer", "connection_error");
        assertThat(r.errors()).extracting(Entry::lines).containsExactly(11, 9, 2);
        assertThat(r.errors().getFirst().message()).isEqualTo("ERROR app.worker: task failed | ConnectionRefusedError: [Errno 111] Connection refused");
        assertThat(r.totalLines()).isEqualTo(24);
    }

    @Test
    void jsonLinesAreReadByTheirFields() {
        String log = """
                {"level":"info","ts":"2024-05-01T12:00:00Z","msg":"request completed","status":200}
                {"level":"error","ts":"2024-05-01T12:00:01Z","logger":"db","msg":"query failed","error":"pq: deadlock detected"}
                {"severity":"ERROR","@timestamp":"2024-05-01T12:00:02Z","message":"checkout broke"}
                {"level":50,"time":1714564803000,"msg":"TypeError: Cannot read properties of undefined (reading 'id')"}
                {"log.level":"warn","@timestamp":"2024-05-01T12:00:04Z","message":"slow: 0 errors"}
                {"lvl":"crit","t":"2024-05-01T12:00:05Z","msg":"open /data/x: no space left on device"}
                """;
        Result r = ANALYZER.analyze(log, OPTIONS);
        assertThat(r.errors()).containsExactly(
                new Entry("2024-05-01T12:00:01Z", "error", "query failed: pq: deadlock detected", "database_error", 1),
                new Entry("2024-05-01T12:00:02Z", "error", "checkout broke", null, 1),
                new Entry("1714564803000", "error", "TypeError: Cannot read properties of undefined (reading 'id')", "null_pointer", 1),
                new Entry("2024-05-01T12:00:05Z", "fatal", "open /data/x: no space left on device", "disk_full", 1));
        assertThat(r.errorCount()).isEqualTo(4);
        assertThat(r.errorPatterns()).doesNotContainKey("null");
    }

    @Test
    void klogAndPlainLevelsMakeUnrecognisedErrorsCountWithoutAPattern() {
        String log = """
                I0501 12:00:00.000000       1 controller.go:10] Reconciling default/web
                E0501 12:00:01.000000       1 controller.go:11] Reconcile failed for default/web: invariant broken
                W0501 12:00:02.000000       1 controller.go:12] Watch closed: connection reset by peer
                2024/05/01 12:00:03 [error] 29#29: *1 something odd happened
                ERROR:root:could not process item 7
                2024-05-01 12:00:04.123 UTC [812] FATAL:  password authentication failed for user "orders"
                2024-05-01T12:00:05Z DEBUG processed 10 items, 0 errors
                level=error msg="job 7 failed"
                """;
        Result r = ANALYZER.analyze(log, OPTIONS);
        assertThat(r.errors()).extracting(Entry::level, Entry::pattern, Entry::timestamp).containsExactly(
                org.assertj.core.groups.Tuple.tuple("error", null, "0501 12:00:01.000000"),
                org.assertj.core.groups.Tuple.tuple("warning", "connection_error", "0501 12:00:02.000000"),
                org.assertj.core.groups.Tuple.tuple("error", null, "2024/05/01 12:00:03"),
                org.assertj.core.groups.Tuple.tuple("error", null, null),
                org.assertj.core.groups.Tuple.tuple("fatal", "database_error", "2024-05-01 12:00:04.123 UTC"),
                org.assertj.core.groups.Tuple.tuple("error", null, null));
        assertThat(r.errors().getFirst().message()).isEqualTo("controller.go:11] Reconcile failed for default/web: invariant broken");
    }

    @Test
    void countsRecommendationsByFrequencyAndKeepsAtMostMaxErrors() {
        String log = "Connection refused\n".repeat(3) + "no such host\n" + "no space left on device\n".repeat(2);
        Result r = ANALYZER.analyze(log, new Options(2, List.of()));
        assertThat(r.errorCount()).isEqualTo(6);
        assertThat(r.errors()).hasSize(2);
        assertThat(r.errorPatterns()).containsExactly(Map.entry("connection_error", 3L), Map.entry("disk_full", 2L), Map.entry("dns_failure", 1L));
        LogPatterns p = ANALYZER.patterns();
        assertThat(r.recommendations()).containsExactly(p.find("connection_error").orElseThrow().recommendation(),
                p.find("disk_full").orElseThrow().recommendation(), p.find("dns_failure").orElseThrow().recommendation());
        assertThat(ANALYZER.analyze("", OPTIONS)).isEqualTo(new Result(0, 0, List.of(), Map.of(), List.of()));
    }

    @Test
    void theResultDoesNotDependOnHowTheInputIsCut() throws IOException {
        String log = "{\"level\":\"info\",\"msg\":\"héllo wörld\"}\r\n" + javaTrace() + "no trailing newline: Connection refused";
        Result whole = ANALYZER.analyze(log, OPTIONS);
        assertThat(whole.totalLines()).isEqualTo(37);
        assertThat(whole.errorCount()).isEqualTo(2);
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[]{1, 2, 3, 7, 64}) {
            InputStream trickle = new ByteArrayInputStream(bytes) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, chunk));
                }
            };
            assertThat(ANALYZER.analyze(trickle, OPTIONS)).as("chunks of " + chunk).isEqualTo(whole);
        }
        assertThat(ANALYZER.analyze(log.lines().toList(), OPTIONS)).isEqualTo(whole);
    }

    @Test
    void longMessagesAreCutAndHugeLinesDoNotExhaustMemory() throws IOException {
        String longLine = "ERROR Connection refused " + "x".repeat(5000);
        Entry e = ANALYZER.analyze(longLine + "\n", OPTIONS).errors().getFirst();
        assertThat(e.message()).hasSize(LogRun.MAX_MESSAGE).endsWith("…");
        String huge = "y".repeat(LogRun.MAX_LINE + 10) + " Connection refused\nnext\n";
        Result r = ANALYZER.analyze(new ByteArrayInputStream(huge.getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 4096));
            }
        }, OPTIONS);
        assertThat(r.totalLines()).isEqualTo(2);
        assertThat(r.errorCount()).isZero(); // the keyword lies past the part of the line that is kept
    }
}
