package io.kubemedic.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kubemedic demo --json --scenario FILE}: a user's own scenario, the report as JSON on stdout, exit code by verdict. */
class DemoCommandIT {

    @TempDir
    Path dir;

    private int demo(Path scenario, ByteArrayOutputStream stdout) {
        PrintStream original = System.out;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            return KubemedicCli.commandLine().execute("demo", "--json", "--quiet", "--scenario", scenario.toString(),
                    "--audit", dir.resolve("demo.db").toString());
        } finally {
            System.setOut(original);
        }
    }

    private static String scenario(String outcome) {
        return """
                name: my-prod-api
                issue: single replica
                namespace: mine
                config: {diagnosis.newWorkloadGrace: 0s, storm.settle: 0s}   # the CLI is under test, not the grace periods
                objects:
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: prod-api}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: api}}
                      template:
                        metadata: {labels: {app: api}}
                        spec: {containers: [{name: app, image: "registry.example.com/api:1"}]}
                expect:
                  action: scale
                  outcome: %s
                  finalState: {replicasAtLeast: 2}
                  within: 30s
                """.formatted(outcome);
    }

    @Test
    void aPassingScenarioReportsJsonAndExitsZero() throws Exception {
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, scenario("HEALED"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = demo(f, out);
        JsonNode report = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(report.path("passed").asInt()).isEqualTo(1);
        assertThat(report.path("failed").asInt()).isZero();
        JsonNode s = report.path("scenarios").get(0);
        assertThat(s.path("name").asString()).isEqualTo("my-prod-api");
        assertThat(s.path("issue").asString()).isEqualTo("single replica");
        assertThat(s.path("action").asString()).isEqualTo("scale");
        assertThat(s.path("outcome").asString()).isEqualTo("HEALED");
        assertThat(s.path("passed").asBoolean()).isTrue();
        assertThat(s.path("time_to_detect_ms").isNumber()).isTrue();
        assertThat(s.path("time_to_heal_ms").asLong()).isGreaterThanOrEqualTo(s.path("time_to_detect_ms").asLong());
    }

    @Test
    void aScenarioThatEndsOtherwiseThanExpectedFailsTheRun() throws Exception {
        Path f = dir.resolve("wrong.yaml");
        Files.writeString(f, scenario("ESCALATED"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = demo(f, out);
        JsonNode report = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(report.path("failed").asInt()).isEqualTo(1);
        assertThat(report.path("scenarios").get(0).path("failures").toString()).contains("expected ESCALATED");
    }

    @Test
    void theDemoNeverDeletesAStoreItDidNotCreate() throws Exception {
        Path production = dir.resolve("production.db");
        try (io.kubemedic.app.audit.JdbcAuditStore store = io.kubemedic.app.audit.JdbcAuditStore.openSqlite(production)) {
            store.saveIncident(new io.kubemedic.core.model.IncidentRecord("inc-prod", io.kubemedic.core.model.ResourceRef.deployment("shop", "web"),
                    java.time.Instant.EPOCH, java.time.Instant.EPOCH, null, io.kubemedic.core.model.Outcome.OPEN, java.util.List.of(), null, "keep me"));
        }
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "not a database");
        for (Path precious : java.util.List.of(production, notes)) {
            byte[] before = Files.readAllBytes(precious);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream original = System.err;
            int code;
            try {
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                code = KubemedicCli.commandLine().execute("demo", "--quiet", "--audit", precious.toString());
            } finally {
                System.setErr(original);
            }
            assertThat(code).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("refusing to use " + precious).contains("was not created by `kubemedic demo`");
            assertThat(Files.readAllBytes(precious)).as("untouched").isEqualTo(before);
        }
    }

    @Test
    void aStoreTheDemoCreatedIsStartedAfreshNextTime() throws Exception {
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, scenario("HEALED"));
        assertThat(demo(f, new ByteArrayOutputStream())).isZero();
        assertThat(demo(f, new ByteArrayOutputStream())).as("its own store from the first run is replaced, not refused").isZero();
        try (io.kubemedic.app.audit.JdbcAuditStore store = io.kubemedic.app.audit.JdbcAuditStore.openSqlite(dir.resolve("demo.db"))) {
            assertThat(store.incidents(10)).as("only the second run's incident").hasSize(1);
        }
    }
}
