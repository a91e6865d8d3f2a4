package io.kubemedic.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kubemedic} command: {@code demo} heals a sandbox cluster, {@code run} watches a real one, {@code mcp} serves agents. */
@Command(name = "kubemedic", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "A self-healing controller for Kubernetes: signal → diagnosis → decision → guards → action → verification.",
        subcommands = {DemoCommand.class, RunCommand.class, McpCommand.class, CommandLine.HelpCommand.class})
public final class KubemedicCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new KubemedicCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("kubemedic: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return ex instanceof io.kubemedic.core.config.ConfigException || ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'kubemedic demo' or 'kubemedic --help'");
    }
}
