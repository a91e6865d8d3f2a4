package io.kubemedic.app.cli;

import io.fabric8.kubernetes.client.Config;
import io.kubemedic.app.demo.DemoReport;
import io.kubemedic.app.demo.DemoRunner;
import io.kubemedic.app.demo.TimelinePrinter;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.ConfigException;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.kube.sandbox.Scenario;
import io.kubemedic.kube.sandbox.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Plays failure scenarios on a cluster and heals them; exit 0 only if every scenario ended as expected. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Play failure scenarios on a cluster and heal them with the real engine: by default on the built-in sandbox",
                "(an embedded API server with controller and kubelet emulators), or with --kubeconfig on a real API server, each",
                "scenario in a fresh namespace, removed afterwards. Prints a live timeline and a final table.",
                "Exit code 0 only if every scenario ended as its file expects."})
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--json", description = "Print the report as JSON on stdout (the timeline still goes to stderr).")
    boolean json;

    @Option(names = "--scenario", paramLabel = "FILE", description = "Play this scenario file instead of the built-in ones (repeatable; format in docs/scenarios.md).")
    List<Path> scenarioFiles;

    @Option(names = "--quiet", description = "Do not print the live timeline.")
    boolean quiet;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = {"Play on the real API server of this kubeconfig instead of the sandbox.",
            "Scenarios create namespaces and Node objects there (and delete them after): use a test cluster."})
    Path kubeconfig;

    @Option(names = "--context", description = "kubeconfig context to use with --kubeconfig.")
    String context;

    @Option(names = "--serve", description = {"Keep the sandbox cluster with the scenarios' workloads and one Kubemedic over them running,",
            "with its HTTP API (alerts, the workflow bridge, metrics), until stopped (Ctrl-C). Without tokens a random one is made and printed."})
    boolean serve;

    @picocli.CommandLine.Mixin
    HttpOptions http;

    @Option(names = "--server-audit-log", paramLabel = "FILE", description = {"The API server's audit log, to judge from what the server received",
            "(default with --kubeconfig: logs/audit.log beside the kubeconfig, where scripts/real-apiserver writes it)."})
    Path serverAuditLog;

    @Override
    public Integer call() throws Exception {
        List<Scenario> scenarios = scenarioFiles == null || scenarioFiles.isEmpty()
                ? ScenarioLoader.builtIn() : scenarioFiles.stream().map(ScenarioLoader::load).toList();
        Map<String, String> base = new LinkedHashMap<>(DemoRunner.SANDBOX_SETTINGS);
        base.put("audit.path", "./data/demo.db");
        KubemedicConfig config = options.resolve(base, Map.of());
        if (System.getenv("KUBEMEDIC_LOG_LEVEL") == null) {
            // the timeline already tells the story; JSON logs would repeat it line for line
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Clock clock = Clock.systemUTC();
        if (serve) {
            return serve(scenarios, config, clock);
        }
        EngineListener timeline = quiet ? e -> { } : new TimelinePrinter(System.err, clock.instant());
        DemoRunner runner = new DemoRunner(config, System.err, clock);
        DemoReport report = kubeconfig == null ? runner.run(scenarios, timeline)
                : runner.runOn(realServer(), auditLog(), scenarios, timeline);
        if (json) {
            System.out.println(report.toJson());
        } else {
            System.out.println();
            report.printTable(System.out);
            System.out.printf("%naudit trail: %s (SQLite)%n", Path.of(config.auditPath()).toAbsolutePath().normalize());
        }
        return report.failed() == 0 ? 0 : 1;
    }

    private int serve(List<Scenario> scenarios, KubemedicConfig base, Clock clock) throws InterruptedException {
        if (kubeconfig != null) {
            throw new ConfigException("--serve runs on the sandbox only; for a real cluster use `kubemedic run`");
        }
        Map<String, String> flags = new LinkedHashMap<>();
        http.addTo(flags);
        KubemedicConfig config = base.with(flags);
        io.kubemedic.app.web.Tokens tokens = http.tokens();
        String made = null;
        if (tokens.isEmpty()) {
            byte[] random = new byte[24];
            new java.security.SecureRandom().nextBytes(random);
            made = java.util.HexFormat.of().formatHex(random);
            tokens = io.kubemedic.app.web.Tokens.of(made);
        }
        EngineListener timeline = quiet ? e -> { } : new TimelinePrinter(System.err, clock.instant());
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "kubemedic-demo-stop"));
        try (io.kubemedic.app.demo.DemoServer server = io.kubemedic.app.demo.DemoServer.start(config, scenarios, tokens, clock, timeline)) {
            System.err.printf("kubemedic demo --serve: sandbox API server %s; HTTP API on http://%s:%d (POST /api/v1/alerts/alertmanager,"
                    + " /api/v1/alerts, /api/v1/remediate; GET /metrics, /readyz)%n", server.masterUrl(), config.httpAddress(), server.port());
            server.player().scenarios().forEach(s -> System.err.printf("  scenario %s in namespace %s%n", s.name(), server.player().namespaceOf(s.name())));
            if (made != null) {
                System.err.printf("  bearer token (made for this run; set KUBEMEDIC_TOKENS to choose one): %s%n", made);
            }
            System.err.println("  stop with Ctrl-C");
            stop.await();
        }
        return 0;
    }

    private Config realServer() {
        if (!Files.isReadable(kubeconfig)) {
            throw new ConfigException("kubeconfig " + kubeconfig + " does not exist or cannot be read");
        }
        try {
            return Config.fromKubeconfig(context, kubeconfig.toFile());
        } catch (RuntimeException e) {
            throw new ConfigException("kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        }
    }

    private Path auditLog() {
        if (serverAuditLog != null) {
            return serverAuditLog;
        }
        Path parent = kubeconfig.toAbsolutePath().getParent();
        Path beside = parent == null ? null : parent.resolve("logs").resolve("audit.log");
        return beside != null && Files.isReadable(beside) ? beside : null;
    }
}
