package io.kubemedic.app.cli;

import io.kubemedic.app.demo.DemoReport;
import io.kubemedic.app.demo.DemoRunner;
import io.kubemedic.app.demo.TimelinePrinter;
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

/** Runs the sandbox cluster with scenarios and heals them; exit 0 only if every scenario ended as expected. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a sandbox Kubernetes cluster (embedded API server + kubelet emulator), play failure scenarios",
                "on it and heal them with the real engine. Prints a live timeline and a final table.",
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

    @Override
    public Integer call() throws Exception {
        List<Scenario> scenarios = scenarioFiles == null || scenarioFiles.isEmpty()
                ? ScenarioLoader.builtIn() : scenarioFiles.stream().map(ScenarioLoader::load).toList();
        Map<String, String> base = new LinkedHashMap<>(DemoRunner.SANDBOX_SETTINGS);
        base.put("audit.path", "./data/demo.db");
        KubemedicConfig config = options.resolve(base, Map.of());
        Path audit = Path.of(config.auditPath());
        // the sandbox cluster is new on every run, so its audit trail must be too: old cooldowns would hold new scenarios
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(audit + suffix));
        }
        if (System.getenv("KUBEMEDIC_LOG_LEVEL") == null) {
            // the timeline already tells the story; JSON logs would repeat it line for line
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Clock clock = Clock.systemUTC();
        DemoReport report = new DemoRunner(config, System.err, clock)
                .run(scenarios, quiet ? e -> { } : new TimelinePrinter(System.err, clock.instant()));
        if (json) {
            System.out.println(report.toJson());
        } else {
            System.out.println();
            report.printTable(System.out);
            System.out.printf("%naudit trail: %s (SQLite)%n", audit.toAbsolutePath().normalize());
        }
        return report.failed() == 0 ? 0 : 1;
    }
}
