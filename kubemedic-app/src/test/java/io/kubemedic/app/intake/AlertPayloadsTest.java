package io.kubemedic.app.intake;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertPayloadsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GROUP_KEY = "{}/{severity=\"warning\"}:{alertname=\"MemoryLeakDetected\"}";

    /** What Alertmanager 0.27 posts to a webhook receiver: one alert still firing, one resolved, in one notification. */
    private static final String WEBHOOK = """
            {
              "receiver": "kubemedic",
              "status": "firing",
              "alerts": [
                {
                  "status": "firing",
                  "labels": {"alertname": "MemoryLeakDetected", "namespace": "shop", "pod": "web-7d4b9c-abcde",
                             "container": "app", "severity": "warning"},
                  "annotations": {"summary": "web-7d4b9c-abcde leaks memory", "runbook_url": "https://runbooks.example/leak"},
                  "startsAt": "2026-12-01T11:15:30.123Z",
                  "endsAt": "0001-01-01T00:00:00Z",
                  "generatorURL": "http://prometheus.monitoring:9090/graph?g0.expr=...",
                  "fingerprint": "a1b2c3d4e5f60718"
                },
                {
                  "status": "resolved",
                  "labels": {"alertname": "MemoryLeakDetected", "namespace": "shop", "pod": "web-7d4b9c-fghij",
                             "container": "app", "severity": "warning"},
                  "annotations": {"summary": "web-7d4b9c-fghij leaks memory"},
                  "startsAt": "2026-12-01T10:00:00+01:00",
                  "endsAt": "2026-12-01T11:50:00Z",
                  "generatorURL": "http://prometheus.monitoring:9090/graph?g0.expr=...",
                  "fingerprint": "0f1e2d3c4b5a6978"
                }
              ],
              "groupLabels": {"alertname": "MemoryLeakDetected"},
              "commonLabels": {"alertname": "MemoryLeakDetected", "namespace": "shop", "container": "app", "severity": "warning"},
              "commonAnnotations": {},
              "externalURL": "http://alertmanager.monitoring:9093",
              "version": "4",
              "groupKey": "{}/{severity=\\"warning\\"}:{alertname=\\"MemoryLeakDetected\\"}",
              "truncatedAlerts": 0
            }
            """;

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** The webhook payload with one replacement applied, for the invalid variants. */
    private static JsonNode webhookWith(String from, String to) {
        assertThat(WEBHOOK).contains(from);
        return json(WEBHOOK.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    }

    private static IntakeException refused(Runnable parse) {
        try {
            parse.run();
        } catch (IntakeException e) {
            return e;
        }
        throw new AssertionError("expected an IntakeException");
    }

    @Test
    void readsEveryAlertOfAWebhookOnItsOwnStatus() {
        List<Alert> alerts = AlertPayloads.alertmanager(json(WEBHOOK));

        assertThat(alerts).hasSize(2);
        Alert firing = alerts.get(0);
        assertThat(firing.source()).isEqualTo("alertmanager");
        assertThat(firing.firing()).isTrue();
        assertThat(firing.status()).isEqualTo("firing");
        assertThat(firing.alertname()).isEqualTo("MemoryLeakDetected");
        assertThat(firing.labels()).containsEntry("pod", "web-7d4b9c-abcde").containsEntry("container", "app").hasSize(5);
        assertThat(firing.annotations()).containsEntry("summary", "web-7d4b9c-abcde leaks memory");
        assertThat(firing.startsAt()).isEqualTo(Instant.parse("2026-12-01T11:15:30.123Z"));
        assertThat(firing.fingerprint()).isEqualTo("a1b2c3d4e5f60718");
        assertThat(firing.dedupKey()).isEqualTo(GROUP_KEY + "|a1b2c3d4e5f60718");

        Alert resolved = alerts.get(1);
        assertThat(resolved.firing()).isFalse();
        assertThat(resolved.status()).isEqualTo("resolved");
        assertThat(resolved.startsAt()).as("an offset time is read as the instant it names").isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(resolved.dedupKey()).isEqualTo(GROUP_KEY + "|0f1e2d3c4b5a6978").isNotEqualTo(firing.dedupKey());
    }

    @Test
    void alertmanagersZeroTimeMeansNoTime() {
        Alert a = AlertPayloads.alertmanager(webhookWith("\"2026-12-01T11:15:30.123Z\"", "\"0001-01-01T00:00:00Z\"")).getFirst();
        assertThat(a.startsAt()).isNull();
    }

    @Test
    void withoutFingerprintTheKeyIsAHashOfTheLabelsWhateverTheirOrder() {
        JsonNode one = json("""
                {"version": "4", "groupKey": "g", "alerts": [
                  {"status": "firing", "labels": {"alertname": "Leak", "namespace": "shop", "pod": "web-1"}},
                  {"status": "firing", "labels": {"pod": "web-1", "alertname": "Leak", "namespace": "shop"}},
                  {"status": "firing", "labels": {"alertname": "Leak", "namespace": "shop", "pod": "web-2"}}
                ]}
                """);
        List<Alert> alerts = AlertPayloads.alertmanager(one);

        assertThat(alerts.get(0).fingerprint()).isNull();
        assertThat(alerts.get(0).dedupKey()).startsWith("g|labels:");
        assertThat(alerts.get(1).dedupKey()).as("same labels, another order").isEqualTo(alerts.get(0).dedupKey());
        assertThat(alerts.get(2).dedupKey()).as("another pod").isNotEqualTo(alerts.get(0).dedupKey());
        assertThat(AlertPayloads.labelHash(Map.of("ab", "c")))
                .as("keys and values cannot run into each other").isNotEqualTo(AlertPayloads.labelHash(Map.of("a", "bc")));
    }

    @Test
    void aVersionOtherThanFourIsRefused() {
        IntakeException e = refused(() -> AlertPayloads.alertmanager(webhookWith("\"version\": \"4\"", "\"version\": \"3\"")));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.code()).isEqualTo("unsupported_version");
        assertThat(e.getMessage()).contains("'3'").contains("\"4\"");
    }

    @Test
    void aPayloadWithoutAlertsIsRefused() {
        IntakeException e = refused(() -> AlertPayloads.alertmanager(json("""
                {"receiver": "kubemedic", "status": "firing", "version": "4", "groupKey": "g"}
                """)));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.code()).isEqualTo("invalid_payload");
        assertThat(e.getMessage()).contains("'alerts'");
    }

    @Test
    void aPayloadThatIsNotAnObjectIsABadRequest() {
        IntakeException e = refused(() -> AlertPayloads.alertmanager(json("[]")));
        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    void aStatusOtherThanFiringOrResolvedNamesTheAlertAtFault() {
        IntakeException e = refused(() -> AlertPayloads.alertmanager(webhookWith("\"status\": \"resolved\"", "\"status\": \"pending\"")));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.code()).isEqualTo("invalid_status");
        assertThat(e.getMessage()).contains("alerts[1].status").contains("'pending'");
    }

    @Test
    void anAlertWithoutAlertnameIsRefused() {
        IntakeException e = refused(() -> AlertPayloads.alertmanager(webhookWith("\"alertname\": \"MemoryLeakDetected\", \"namespace\": \"shop\", \"pod\"",
                "\"namespace\": \"shop\", \"pod\"")));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.code()).isEqualTo("missing_label");
        assertThat(e.getMessage()).contains("alerts[0]").contains("'alertname'");
    }

    @Test
    void aLabelThatIsNotAStringIsRefused() {
        IntakeException e = refused(() -> AlertPayloads.alertmanager(webhookWith("\"container\": \"app\", \"severity\"",
                "\"container\": {\"name\": \"app\"}, \"severity\"")));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.code()).isEqualTo("invalid_payload");
        assertThat(e.getMessage()).contains("alerts[0].labels.container");
    }

    @Test
    void startsAtThatIsNotATimeIsRefused() {
        IntakeException e = refused(() -> AlertPayloads.alertmanager(webhookWith("\"2026-12-01T11:15:30.123Z\"", "\"yesterday at noon\"")));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.code()).isEqualTo("invalid_payload");
        assertThat(e.getMessage()).contains("alerts[0].startsAt").contains("yesterday at noon");
    }

    @Test
    void aGenericAlertIsFiringUnlessItSaysOtherwise() {
        List<Alert> alerts = AlertPayloads.generic(json("""
                {"labels": {"alertname": "Leak", "namespace": "shop", "pod": "web-1"},
                 "annotations": {"summary": "leaking"}, "startsAt": "2026-12-01T11:00:00Z"}
                """));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.source()).isEqualTo("generic");
            assertThat(a.firing()).isTrue();
            assertThat(a.alertname()).isEqualTo("Leak");
            assertThat(a.annotations()).containsEntry("summary", "leaking");
            assertThat(a.startsAt()).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
            assertThat(a.fingerprint()).isNull();
            assertThat(a.dedupKey()).isEqualTo("|" + AlertPayloads.labelHash(Map.of("alertname", "Leak", "namespace", "shop", "pod", "web-1")));
        });
    }

    @Test
    void aListOfGenericAlertsIsReadInOrderAndNamesTheEntryAtFault() {
        List<Alert> alerts = AlertPayloads.generic(json("""
                [{"status": "firing", "labels": {"alertname": "A"}},
                 {"status": "resolved", "labels": {"alertname": "B"}, "fingerprint": "fp-b"}]
                """));
        assertThat(alerts).extracting(Alert::alertname).containsExactly("A", "B");
        assertThat(alerts).extracting(Alert::firing).containsExactly(true, false);
        assertThat(alerts.get(1).dedupKey()).isEqualTo("|fp-b");

        IntakeException e = refused(() -> AlertPayloads.generic(json("""
                [{"labels": {"alertname": "A"}}, {"status": "pending", "labels": {"alertname": "B"}}]
                """)));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.getMessage()).contains("[1].status");
    }

    @Test
    void aGenericBodyThatIsAStringIsABadRequest() {
        IntakeException e = refused(() -> AlertPayloads.generic(json("\"MemoryLeakDetected on web-1\"")));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("bad_request");
    }
}
