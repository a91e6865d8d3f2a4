package io.kubemedic.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad input gets a clear message and a non-zero exit code, and nothing starts. */
class KubemedicCliTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cl = KubemedicCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommands() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("demo").contains("run");
        assertThat(run("demo", "--help").out()).contains("--json").contains("--scenario");
        assertThat(run("run", "--help").out()).contains("--enforce").contains("dry-run");
    }

    @Test
    void noCommandIsAUsageError() {
        Result r = run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("missing command");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Result r = run("demo", "--jsn");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--jsn");
    }

    @Test
    void aMissingScenarioFileIsNamed() {
        Result r = run("demo", "--scenario", dir.resolve("nope.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope.yaml").contains("does not exist");
    }

    @Test
    void aBrokenScenarioFileNamesTheField() throws Exception {
        Path f = dir.resolve("broken.yaml");
        Files.writeString(f, "name: x\nnamespace: Not_Valid\nexpect: {outcome: HEALED}\n");
        Result r = run("demo", "--scenario", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("broken.yaml").contains("Not_Valid");
    }

    @Test
    void aBadSettingNamesTheOption() {
        Result r = run("demo", "--scenario", "x.yaml", "--set", "cooldown=soon");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).satisfiesAnyOf(e -> assertThat(e).contains("cooldown"), e -> assertThat(e).contains("x.yaml"));
        Result unknown = run("run", "--set", "cooldwn=1m", "--kubeconfig", dir.resolve("k").toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown option 'cooldwn'");
    }

    @Test
    void aMissingKubeconfigIsNamed() {
        Result r = run("run", "--kubeconfig", dir.resolve("kubeconfig").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("kubeconfig").contains("does not exist");
    }

    @Test
    void aBadConfigFileIsNamed() throws Exception {
        Path f = dir.resolve("kubemedic.yaml");
        Files.writeString(f, "rateLimit:\n  global: lots\n");
        Result r = run("run", "--config", f.toString(), "--kubeconfig", dir.resolve("k").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("rateLimit.global").contains("lots");
    }

    @Test
    void aBadPolicyFileIsNamedBeforeAnythingStarts() throws Exception {
        Path f = dir.resolve("policy.yaml");
        Files.writeString(f, "rules: [{name: r, finding: OOM_KILLED, ladder: [restart-everything]}]\n");
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """);
        Result r = run("run", "--policy", f.toString(), "--kubeconfig", kubeconfig.toString(), "--audit", dir.resolve("a.db").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("policy.yaml").contains("restart-everything");
    }
}
