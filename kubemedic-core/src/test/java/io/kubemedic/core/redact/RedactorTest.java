package io.kubemedic.core.redact;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A canary planted in every shape a secret takes in logs, env dumps and configs must never come out. */
class RedactorTest {

    static final String CANARY = "CANARY-SECRET-7f3a9";

    @ParameterizedTest
    @ValueSource(strings = {
        "connecting with password=CANARY-SECRET-7f3a9 to db",
        "DB_PASSWORD=CANARY-SECRET-7f3a9",
        "export API_TOKEN=\"CANARY-SECRET-7f3a9\"",
        "spring.datasource.password: CANARY-SECRET-7f3a9",
        "{\"user\":\"app\",\"password\":\"CANARY-SECRET-7f3a9\"}",
        "{\"msg\":\"config {\\\"client_secret\\\":\\\"CANARY-SECRET-7f3a9\\\"}\"}",
        "'apiKey': 'CANARY-SECRET-7f3a9'",
        "GET /callback?code=1&access_token=CANARY-SECRET-7f3a9&state=x",
        "Authorization: Bearer CANARY-SECRET-7f3a9",
        "authorization: Basic CANARY-SECRET-7f3a9",
        "{\"headers\":{\"Authorization\":\"Bearer CANARY-SECRET-7f3a9\"}}",
        "sent header bearer CANARY-SECRET-7f3a9 upstream",
        "postgres://orders:CANARY-SECRET-7f3a9@db.prod.svc:5432/orders",
        "redis://:CANARY-SECRET-7f3a9@redis:6379/0",
        "java -jar app.jar --db-password CANARY-SECRET-7f3a9 --port 8080",
        "<password>CANARY-SECRET-7f3a9</password>",
        "Cookie: session=CANARY-SECRET-7f3a9",
        "aws_secret_access_key = CANARY-SECRET-7f3a9",
    })
    void secretsAfterTheirKeysAreMasked(String line) {
        String out = Redactor.redact(line);
        assertThat(out).doesNotContain(CANARY).doesNotContain("7f3a9").contains(Redactor.MASK);
    }

    @Test
    void theKeyOrSchemeStaysVisible() {
        assertThat(Redactor.redact("password=hunter2 user=bob")).isEqualTo("password=*** user=bob");
        assertThat(Redactor.redact("{\"password\": \"hunter2\", \"user\": \"bob\"}")).isEqualTo("{\"password\": \"***\", \"user\": \"bob\"}");
        assertThat(Redactor.redact("Authorization: Bearer abc.def.ghi")).isEqualTo("Authorization: Bearer ***");
        assertThat(Redactor.redact("postgres://app:hunter2@db:5432/x")).isEqualTo("postgres://app:***@db:5432/x");
        assertThat(Redactor.redact("--password hunter2 --port 80")).isEqualTo("--password *** --port 80");
    }

    @Test
    void tokensAreRecognisedByTheirShapeAlone() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZw";
        String text = "jwt " + jwt + " aws AKIAIOSFODNN7EXAMPLE gh ghp_abcdefghijklmnopqrstuvwxyz0123456789 slack xoxb-1234567890-abcdefghij"
                + " gitlab glpat-abcdefghijklmnopqrst stripe sk_live_abcdefghijklmnop1234";
        String out = Redactor.redact(text);
        assertThat(out).doesNotContain(jwt).doesNotContain("AKIAIOSFODNN7EXAMPLE").doesNotContain("ghp_a").doesNotContain("xoxb-")
                .doesNotContain("glpat-").doesNotContain("sk_live_");
        assertThat(out).startsWith("jwt *** aws *** gh ***");
    }

    @Test
    void privateKeyBlocksAreMaskedEvenWhenCutOff() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA" + CANARY + "\n-----END RSA PRIVATE KEY-----";
        assertThat(Redactor.redact("key: " + pem + " loaded")).isEqualTo("key: -----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY----- loaded");
        assertThat(Redactor.redact("-----BEGIN PRIVATE KEY-----\\nMIIE" + CANARY)).doesNotContain(CANARY);
    }

    @Test
    void knownSecretValuesAreMaskedWhereverTheyAppear() {
        List<String> known = List.of(CANARY, "short", "abc");
        String b64 = Base64.getEncoder().encodeToString(CANARY.getBytes());
        String out = Redactor.redact("login ok as bob, seed " + CANARY + " encoded " + b64 + " tiny abc", known);
        assertThat(out).isEqualTo("login ok as bob, seed *** encoded *** tiny abc"); // secrets under 4 characters are left
        assertThat(Redactor.redact("nothing secret here", known)).isEqualTo("nothing secret here");
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        for (String s : List.of("FATAL:  password authentication failed for user \"orders\"", "request took 12 ms",
                "connection refused by 10.0.0.1:5432", "https://example.com/path?q=1", "token count for tenant 4 is high",
                "Authorization header missing", "")) {
            assertThat(Redactor.redact(s)).isEqualTo(s);
        }
        String plain = "GET /healthz 200";
        assertThat(Redactor.redact(plain)).isSameAs(plain);
        assertThat(Redactor.redact(null)).isNull();
    }
}
