package io.kubemedic.app.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.demo.DemoRunner;
import io.kubemedic.app.demo.McpSandbox;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.app.mcp.server.McpServers;
import io.kubemedic.app.mcp.tools.Toolbox;
import io.kubemedic.core.config.ConfigException;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.decision.Policy;
import io.kubemedic.kube.sandbox.ScenarioLoader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Serves Kubemedic's tools over MCP on stdio, for an agent that starts it as a subprocess. Stdout carries JSON-RPC and
 * nothing else: before anything can print, {@code System.out} is pointed at stderr, where logs and messages go too.
 * The cluster is found and checked as {@code run} does (dry-run unless enforcement is switched on), or is the sandbox.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = {"Serve Kubemedic's tools to an AI agent over MCP on stdio (stdout carries only JSON-RPC; messages go to stderr).",
                "On a real cluster (kubeconfig or in-cluster, found as `run` does) or, with --sandbox, on the built-in sandbox with its",
                "scenarios playing. Dry-run unless --enforce: tools then report what they would do. See docs/mcp.md.",
                "Exit codes: 2 no cluster configured or bad options; 1 the cluster cannot be reached or refuses the credentials."})
public final class McpCommand implements Callable<Integer> {

    /** Faults due this soon after the sandbox starts are in place before the first request is read. */
    private static final Duration EARLY_FAULTS = Duration.ofSeconds(5);

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--sandbox", description = {"Serve over the built-in sandbox cluster with the demo scenarios playing (crash loops, OOM kills,",
            "image pull failures...) instead of a real cluster. Its audit trail is temporary unless --audit names a file."})
    boolean sandbox;

    @ArgGroup(exclusive = true)
    ToolModes modes;

    /** The safety modes: at most one. */
    static final class ToolModes {
        @Option(names = "--read-only", description = "Expose only read-only tools (same as --set mcp.mode=read-only).")
        boolean readOnly;

        @Option(names = "--no-destructive", description = "Expose every tool except the destructive ones (same as --set mcp.mode=no-destructive).")
        boolean noDestructive;
    }

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster).")
    Path kubeconfig;

    @Option(names = "--context", description = "kubeconfig context to use.")
    String context;

    @Option(names = "--enforce", description = "Let actions land (same as --set mode=enforce); without it every action is a dry run.")
    boolean enforce;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", split = ",", description = "Only these namespaces (repeatable or comma-separated).")
    List<String> namespaces;

    /** Where the cluster is looked for; tests replace it. */
    ClusterSource.Environment environment = ClusterSource.Environment.system();
    /** The client's requests; tests replace it. */
    InputStream in = System.in;

    @Override
    public Integer call() throws Exception {
        PrintStream protocol = System.out;
        System.setOut(System.err); // from here on a stray print cannot corrupt the protocol
        try {
            return serve(protocol, spec.commandLine().getErr());
        } finally {
            System.setOut(protocol);
        }
    }

    private int serve(PrintStream protocol, PrintWriter err) throws Exception {
        if (sandbox && kubeconfig != null) {
            throw new ConfigException("--sandbox and --kubeconfig exclude each other: the sandbox is a cluster of its own");
        }
        return sandbox ? serveSandbox(protocol, err) : serveCluster(protocol, err);
    }

    private int serveSandbox(PrintStream protocol, PrintWriter err) throws Exception {
        quietLogs();
        Path temporary = options.auditFile == null ? Files.createTempDirectory("kubemedic-mcp") : null;
        try {
            Map<String, String> base = new LinkedHashMap<>(DemoRunner.SANDBOX_SETTINGS);
            base.put("mode", "dry-run"); // the agent looks at broken pods; with --enforce actions land (and the loop heals too)
            if (temporary != null) {
                base.put("audit.path", temporary.resolve("audit.db").toString());
            }
            KubemedicConfig config = options.resolve(base, flags(false));
            var scenarios = ScenarioLoader.builtIn();
            err.println("kubemedic mcp: starting the sandbox cluster and its scenarios...");
            err.flush();
            try (McpSandbox box = McpSandbox.start(config, scenarios, Clock.systemUTC(), EARLY_FAULTS)) {
                err.printf("kubemedic mcp: sandbox API server %s, %s mode%n", box.masterUrl(), config.mode().text());
                scenarios.forEach(s -> err.printf("  scenario %-36s namespace %-28s %s%n", s.name(), box.player().namespaceOf(s.name()), s.issue()));
                announce(box.kubemedic(), config, err);
                box.kubemedic().serveMcp(in, protocol);
            }
        } finally {
            if (temporary != null) {
                deleteTree(temporary);
            }
        }
        return 0;
    }

    private int serveCluster(PrintStream protocol, PrintWriter err) throws Exception {
        KubemedicConfig config = options.resolve(Map.of(), flags(true));
        if (!config.policyFile().isBlank()) {
            Policy.load(Path.of(config.policyFile())); // a bad policy is a usage error, named before any connection is tried
        }
        ClusterSource.Found source;
        try {
            source = ClusterSource.find(kubeconfig, context, environment);
        } catch (ClusterSource.NotConfigured e) {
            err.println("kubemedic: no cluster configured. Looked for one in:");
            e.tried().forEach(t -> err.println("  - " + t));
            err.println("Point to one with --kubeconfig FILE, or try the tools on the built-in sandbox: ./kubemedic mcp --sandbox");
            return RunCommand.NO_CLUSTER;
        }
        err.printf("kubemedic mcp: cluster from %s: %s%n", source.description(), source.config().getMasterUrl());
        err.flush();
        try {
            var connected = ClusterConnection.connect(() -> ClusterConnection.probe(source.config(), config.allowedNamespaces(),
                    ClusterConnection.ATTEMPT), source.inCluster(), err, d -> Thread.sleep(d));
            err.printf("kubemedic mcp: connected to %s, server version %s%n", connected.server(), connected.version());
        } catch (ClusterConnection.Unreachable e) {
            err.printf("kubemedic: cannot use the cluster at %s: %s%n", e.server(), e.reason());
            return RunCommand.UNREACHABLE;
        }
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(source.config()).build();
             Kubemedic app = new Kubemedic(client, config, Kubemedic.Timing.production(), Clock.systemUTC(), EngineListener.NONE)) {
            app.start(Kubemedic.Timing.production());
            if (!app.observer().inSync()) {
                err.printf("kubemedic mcp: the caches did not sync within %s s: not serving tools on data they cannot trust%n",
                        Kubemedic.Timing.production().syncTimeout().toSeconds());
                return RunCommand.UNREACHABLE;
            }
            announce(app, config, err);
            app.serveMcp(in, protocol);
        }
        return 0;
    }

    private static void announce(Kubemedic app, KubemedicConfig config, PrintWriter err) {
        var settings = McpServers.Settings.from(config);
        int tools = McpServers.admitted(Toolbox.of(app), settings.mode()).size();
        err.printf("kubemedic mcp: serving %d tool(s) on stdio, MCP mode %s, %s mode; approvers over MCP: %s%n", tools, settings.mode().text(),
                config.mode().text(), settings.approvers().isEmpty() ? "none (approvals stay pending)" : String.join(", ", settings.approvers()));
        err.flush();
    }

    private Map<String, String> flags(boolean realCluster) {
        Map<String, String> flags = new LinkedHashMap<>();
        if (enforce) {
            flags.put("mode", "enforce");
        }
        if (modes != null && modes.readOnly) {
            flags.put("mcp.mode", "read-only");
        } else if (modes != null && modes.noDestructive) {
            flags.put("mcp.mode", "no-destructive");
        }
        if (namespaces != null && !namespaces.isEmpty()) {
            if (!realCluster) {
                throw new ConfigException("--namespace applies to a real cluster; the sandbox watches its scenarios' namespaces");
            }
            flags.put("namespaces.allow", String.join(",", namespaces));
        }
        return flags;
    }

    /** The sandbox's own logs would bury the agent's session in stderr; KUBEMEDIC_LOG_LEVEL brings them back. */
    private static void quietLogs() {
        if (System.getenv("KUBEMEDIC_LOG_LEVEL") == null) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: the system cleans it up eventually
        }
    }
}
