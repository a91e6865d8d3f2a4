package io.kubemedic.core.logs;

import io.kubemedic.core.logs.LogAnalyzer.Options;
import io.kubemedic.core.logs.LogAnalyzer.Result;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Canary secrets planted in pod logs and env must never appear in what the analyzer returns. */
class LogRedactionTest {

    private static final String CANARY = "CANARY-SECRET-7f3a9";
    private static final String ENV_ONLY = "EnvValue-91c2e";  // a Secret value the pod gets through env, printed bare

    @Test
    void noCanarySurvivesTheAnalysis() {
        String log = String.join("\n",
                "2024-05-01T12:00:00Z ERROR connect failed: password=" + CANARY + " Connection refused",
                "{\"level\":\"error\",\"msg\":\"login failed\",\"error\":\"pq: password authentication failed\",\"dsn\":\"postgres://app:" + CANARY + "@db/x\"}",
                "{\"level\":\"error\",\"msg\":\"upstream said 503 for Authorization: Bearer " + CANARY + "\"}",
                "E0501 12:00:01.000000       1 client.go:9] request to https://admin:" + CANARY + "@api/ failed: i/o timeout",
                "2024-05-01T12:00:02Z FATAL Error: environment variable DB_HOST is not set (env: DB_PASSWORD=" + CANARY + " API_KEY=" + CANARY + ")",
                "2024-05-01T12:00:03Z ERROR Request failed",
                "java.lang.IllegalStateException: bad secret " + ENV_ONLY,
                "\tat a.B.c(B.java:1)",
                "Caused by: java.net.ConnectException: Connection refused to " + CANARY,
                "2024-05-01T12:00:04Z ERROR token rejected: " + ENV_ONLY + " x509: certificate has expired",
                "");
        Result r = LogAnalyzer.builtIn().analyze(log, new Options(50, List.of(CANARY, ENV_ONLY)));
        assertThat(r.errorCount()).isEqualTo(7);
        assertThat(r.errors()).hasSize(7).allSatisfy(e -> {
            assertThat(e.message()).doesNotContain(CANARY).doesNotContain("7f3a9").doesNotContain(ENV_ONLY);
            assertThat(String.valueOf(e.timestamp())).doesNotContain(CANARY);
        });
        assertThat(r.toString()).doesNotContain(CANARY).doesNotContain(ENV_ONLY);
        assertThat(r.errors().get(4).message()).contains("DB_PASSWORD=***");
    }

    @Test
    void withoutKnownSecretsTheShapesAreStillMasked() {
        Result r = LogAnalyzer.builtIn().analyze("ERROR dial failed Connection refused, password=" + CANARY + "\n", Options.defaults());
        assertThat(r.errors().getFirst().message()).isEqualTo("ERROR dial failed Connection refused, password=***");
    }
}
