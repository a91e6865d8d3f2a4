package io.kubemedic.core.logs;

import io.kubemedic.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every built-in pattern against real messages of several ecosystems, and against near misses. */
class LogPatternsTest {

    private static final LogPatterns PATTERNS = LogPatterns.builtIn();
    private static final LogAnalyzer ANALYZER = new LogAnalyzer(PATTERNS);

    static final Map<String, List<String>> SAMPLES = Map.ofEntries(
            Map.entry("connection_error", List.of(
                    "java.net.ConnectException: Connection refused (Connection refused)",
                    "Error: connect ECONNREFUSED 127.0.0.1:6379",
                    "dial tcp 10.96.0.15:5432: connect: connection refused",
                    "read tcp 10.1.0.4:41234->10.96.3.3:80: read: connection reset by peer",
                    "requests.exceptions.ConnectionError: HTTPConnectionPool(host='api', port=80): Max retries exceeded",
                    "write: broken pipe",
                    "upstream connect error or disconnect/reset before headers. reset reason: connection failure",
                    "dial tcp 10.0.0.1:443: connect: no route to host")),
            Map.entry("timeout_error", List.of(
                    "dial tcp: lookup payments on 10.96.0.10:53: i/o timeout",
                    "rpc error: code = DeadlineExceeded desc = context deadline exceeded",
                    "java.net.SocketTimeoutException: Read timed out",
                    "Error: ETIMEDOUT",
                    "net/http: request canceled (Client.Timeout exceeded while awaiting headers)",
                    "Timeout waiting for connection from pool")),
            Map.entry("oom_killer", List.of(
                    "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space",
                    "Out of memory: Killed process 4242 (java) total-vm:4194304kB",
                    "Memory cgroup out of memory: Killed process 1234 (node)",
                    "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
                    "fatal error: runtime: out of memory",
                    "MemoryError",
                    "python invoked oom-killer: gfp_mask=0x100cca")),
            Map.entry("dns_failure", List.of(
                    "dial tcp: lookup orders-db.prod.svc.cluster.local: no such host",
                    "socket.gaierror: [Errno -3] Temporary failure in name resolution",
                    "Error: getaddrinfo ENOTFOUND redis",
                    "java.net.UnknownHostException: kafka-0.kafka-headless",
                    "curl: (6) Could not resolve host: example.internal",
                    "status: NXDOMAIN")),
            Map.entry("permission_denied", List.of(
                    "open /var/lib/app/data.db: permission denied",
                    "Error: EACCES: permission denied, open '/data/cache.json'",
                    "PermissionError: [Errno 13] Permission denied: '/app/logs'",
                    "pods is forbidden: User \"system:serviceaccount:default:app\" cannot list resource \"pods\"",
                    "mkdir /data: read-only file system",
                    "chown /data: operation not permitted")),
            Map.entry("disk_full", List.of(
                    "write /var/log/app/out.log: no space left on device",
                    "OSError: [Errno 28] No space left on device",
                    "Error: ENOSPC: no space left on device, write",
                    "could not extend file \"base/16384/2619\": No space left on device",
                    "sqlite3.OperationalError: database or disk is full")),
            Map.entry("tls_error", List.of(
                    "Get \"https://auth.example.com/keys\": x509: certificate signed by unknown authority",
                    "javax.net.ssl.SSLHandshakeException: PKIX path building failed",
                    "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed",
                    "http: TLS handshake error from 10.0.0.5:51234: remote error: tls: bad certificate",
                    "Error: self-signed certificate in certificate chain",
                    "Error: unable to verify the first certificate")),
            Map.entry("null_pointer", List.of(
                    "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"s\" is null",
                    "panic: runtime error: invalid memory address or nil pointer dereference",
                    "TypeError: Cannot read properties of undefined (reading 'id')",
                    "AttributeError: 'NoneType' object has no attribute 'get'",
                    "System.NullReferenceException: Object reference not set to an instance of an object")),
            Map.entry("unhandled_exception", List.of(
                    "Exception in thread \"main\" java.lang.IllegalStateException: not ready",
                    "Traceback (most recent call last):",
                    "Unhandled exception. System.InvalidOperationException: Sequence contains no elements",
                    "[UnhandledPromiseRejection: This error originated either by throwing inside of an async function]",
                    "Uncaught TypeError: x.map is not a function",
                    "ValueError: invalid literal for int() with base 10: 'abc'",
                    "ERROR c.e.Api - request failed: com.example.api.InvalidOrderException: bad quantity")),
            Map.entry("panic", List.of(
                    "panic: runtime error: index out of range [3] with length 3",
                    "thread 'main' panicked at 'called `Option::unwrap()` on a `None` value', src/main.rs:4:5",
                    "fatal error: concurrent map writes",
                    "fatal error: all goroutines are asleep - deadlock!")),
            Map.entry("segfault", List.of(
                    "Segmentation fault (core dumped)",
                    "[12345.678] app[4242]: segfault at 0 ip 00007f3a sp 00007ffd error 4",
                    "Fatal Python error: Segmentation fault",
                    "Aborted (core dumped)",
                    "SIGSEGV: segmentation violation PC=0x0 m=0 sigcode=1")),
            Map.entry("http_5xx", List.of(
                    "10.1.2.3 - - [01/May/2024:12:34:56 +0000] \"POST /api/v1/orders HTTP/1.1\" 502 157 \"-\" \"okhttp/4.12.0\"",
                    "[GIN] 2024/05/01 - 12:00:00 | 500 |  1.2ms | 10.0.0.1 | GET \"/api\"",
                    "{\"level\":\"warn\",\"msg\":\"request done\",\"status\":503,\"path\":\"/x\"}",
                    "method=GET path=/x status=504 duration=30s",
                    "upstream prematurely closed connection while reading response header from upstream",
                    "HTTP/1.1 503 Service Unavailable")),
            Map.entry("database_error", List.of(
                    "FATAL:  password authentication failed for user \"orders\"",
                    "ERROR:  deadlock detected",
                    "psql: error: could not connect to server: No such file or directory",
                    "org.postgresql.util.PSQLException: FATAL: sorry, too many clients already",
                    "ERROR:  relation \"orders\" does not exist at character 15",
                    "com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure",
                    "Lock wait timeout exceeded; try restarting transaction",
                    "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
                    "MongoServerSelectionError: connect ECONNREFUSED 10.0.0.7:27017",
                    "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) server closed the connection unexpectedly")),
            Map.entry("startup_config_error", List.of(
                    "Error: environment variable DATABASE_URL is not set",
                    "env: required environment variable \"API_KEY\" is not set",
                    "required key DATABASE_URL missing value",
                    "Missing required environment variable: STRIPE_KEY",
                    "org.apache.kafka.common.config.ConfigException: Missing required configuration \"bootstrap.servers\"",
                    "Could not resolve placeholder 'DB_URL' in value \"${DB_URL}\"",
                    "APPLICATION FAILED TO START",
                    "KeyError: 'DATABASE_URL'",
                    "open /etc/app/config.yaml: no such file or directory",
                    "failed to load config: yaml: line 3: did not find expected key")),
            Map.entry("rate_limited", List.of(
                    "429 Too Many Requests from https://api.github.com/repos",
                    "ThrottlingException: Rate exceeded",
                    "rpc error: code = ResourceExhausted desc = RESOURCE_EXHAUSTED: quota")));

    static final List<String> NEAR_MISSES = List.of(
            "connection established to 10.0.0.5:5432",
            "Connection pool started with 10 connections",
            "processed 1200 records, 0 errors",
            "timeout=30s retries=3",
            "http client configured: connectTimeout: 5000, readTimeout: 30000",
            "read timeout set to 5s",
            "config loaded from /etc/app/config.yaml",
            "environment variable LOG_LEVEL set to debug",
            "10.1.2.3 - - [01/May/2024:12:34:56 +0000] \"GET /healthz HTTP/1.1\" 200 512 \"-\" \"kube-probe/1.29\"",
            "took 503 ms to render 500 rows",
            "Caching disk usage: 40% of 100GB",
            "token count=12 for tenant 42",
            "don't panic, retrying once",
            "INFO GET /api/v1/errors 200",
            "connected to postgres at db:5432",
            "starting server on :8080");

    static Stream<Arguments> samples() {
        return SAMPLES.entrySet().stream().flatMap(e -> e.getValue().stream().map(line -> Arguments.of(e.getKey(), line)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("samples")
    void everyPatternRecognisesRealMessages(String pattern, String line) {
        assertThat(PATTERNS.classify(line)).as(line).get().extracting(LogPattern::name).isEqualTo(pattern);
        // the analyzer's keyword prefilter must never hide a match the regexes would find
        LogAnalyzer.Result r = ANALYZER.analyze(List.of(line), LogAnalyzer.Options.defaults());
        assertThat(r.errorPatterns()).as(line).containsOnlyKeys(pattern);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nearMisses")
    void nearMissesAreNotFailures(String line) {
        assertThat(PATTERNS.classify(line)).as(line).isEmpty();
        assertThat(ANALYZER.analyze(List.of(line), LogAnalyzer.Options.defaults()).errorCount()).as(line).isZero();
    }

    static Stream<String> nearMisses() {
        return NEAR_MISSES.stream();
    }

    @Test
    void everyBuiltInPatternHasSamplesKeywordsAndAnAdvice() {
        assertThat(PATTERNS.patterns()).extracting(LogPattern::name).containsAll(List.of("connection_error", "timeout_error",
                "oom_killer", "dns_failure", "permission_denied", "disk_full", "tls_error", "null_pointer", "unhandled_exception",
                "panic", "segfault", "http_5xx", "database_error", "startup_config_error"));
        for (LogPattern p : PATTERNS.patterns()) {
            assertThat(SAMPLES).as("samples for " + p.name()).containsKey(p.name());
            assertThat(p.keywords()).as("every branch of " + p.name() + " has keywords, so it never runs on every line").isNotEmpty();
            assertThat(p.recommendation()).isNotBlank();
            assertThat(p.severity()).isIn("error", "warning");
        }
    }

    @Test
    void aUserFileReplacesByNameInPlaceAndAppendsNewNames() {
        String user = """
                patterns:
                  - name: timeout_error
                    severity: warning
                    regex: 'took longer than [0-9]+s'
                    recommendation: Our own advice.
                  - name: billing_gateway_down
                    regex: 'BILLING-GW-(503|DOWN)'
                    recommendation: Page the billing team.
                """;
        LogPatterns merged = LogPatterns.load(new StringReader(user), "/etc/kubemedic/log-patterns.yaml");
        List<String> names = merged.patterns().stream().map(LogPattern::name).toList();
        assertThat(names.indexOf("timeout_error")).isEqualTo(PATTERNS.patterns().stream().map(LogPattern::name).toList().indexOf("timeout_error"));
        assertThat(names.getLast()).isEqualTo("billing_gateway_down");
        assertThat(merged.find("timeout_error").orElseThrow().severity()).isEqualTo("warning");
        assertThat(merged.find("billing_gateway_down").orElseThrow().severity()).isEqualTo("error");
        assertThat(merged.classify("call took longer than 30s").orElseThrow().name()).isEqualTo("timeout_error");
        assertThat(merged.classify("context deadline exceeded")).isEmpty(); // the built-in timeout regex is gone
        LogAnalyzer.Result r = new LogAnalyzer(merged).analyze("ERROR billing-gw-down for tenant 7\n", LogAnalyzer.Options.defaults());
        assertThat(r.errorPatterns()).containsOnlyKeys("billing_gateway_down");
        assertThat(r.recommendations()).containsExactly("Page the billing team.");
    }

    @Test
    void badUserFilesNameTheFileAndTheEntry() {
        String file = "/etc/kubemedic/log-patterns.yaml";
        assertThatThrownBy(() -> LogPatterns.load(new StringReader("patterns:\n  - name: x\n    regex: 'a(b'\n    recommendation: r\n"), file))
                .isInstanceOf(ConfigException.class).hasMessageContaining(file).hasMessageContaining("patterns[0] (x)")
                .hasMessageContaining("regex does not compile");
        assertThatThrownBy(() -> LogPatterns.load(new StringReader("patterns:\n  - name: x\n    regex: 'a'\n"), file))
                .isInstanceOf(ConfigException.class).hasMessageContaining(file + ": patterns[0] (x): 'recommendation' is required");
        assertThatThrownBy(() -> LogPatterns.load(new StringReader("patterns:\n  - name: x\n    regexp: 'a'\n    regex: b\n    recommendation: r\n"), file))
                .hasMessageContaining("unknown field 'regexp'");
        assertThatThrownBy(() -> LogPatterns.load(new StringReader("patterns:\n  - name: x\n    severity: fatal\n    regex: b\n    recommendation: r\n"), file))
                .hasMessageContaining("severity must be error or warning");
        assertThatThrownBy(() -> LogPatterns.load(new StringReader("pattern:\n  - name: x\n"), file))
                .hasMessageContaining(file + ": expected a top-level 'patterns:' list");
        assertThatThrownBy(() -> LogPatterns.load(new StringReader("patterns: [ {name: x, regex: a, recommendation: r}, {name: x, regex: b, recommendation: r} ]"), file))
                .hasMessageContaining("pattern 'x' appears twice");
        assertThatThrownBy(() -> LogPatterns.load(new StringReader("patterns: [ :"), file)).hasMessageContaining(file + ": not valid YAML");
    }

    @Test
    void aPatternWithoutLiteralsStillWorksByRunningOnEveryLine() {
        LogPatterns merged = PATTERNS.merge("patterns:\n  - name: exit_code\n    regex: '\\bE[0-9]{4}$'\n    recommendation: r\n", "user.yaml");
        assertThat(merged.find("exit_code").orElseThrow().keywords()).isEmpty();
        LogAnalyzer.Result r = new LogAnalyzer(merged).analyze("worker stopped: e1370\nall good\n", LogAnalyzer.Options.defaults());
        assertThat(r.errorPatterns()).containsExactly(Map.entry("exit_code", 1L));
    }
}
