package io.kubemedic.bench.intake;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alertmanager webhook notifications (version 4) as Alertmanager sends them, written by hand so the payload's bytes
 * are fixed: the load's notification of ten firing alerts on healthy pods, and the receipt trials' single
 * {@code MemoryLeakDetected}.
 */
final class Payloads {

    static final String GROUP_KEY = "{}:{alertname=~\".*\"}";
    /** The receipt trials' fingerprints start with this (see {@link StampingStore}). */
    static final String LEAK_MARKER = "leak-trial-";
    /** In the default policy with {@code evidence: cluster}: the engine re-reads the pod, finds it healthy, does nothing. */
    static final String CRASH_LOOPING = "KubePodCrashLooping";
    /** In no policy: the target is re-read all the same, found healthy and recorded so. */
    static final String UNMAPPED = "KubeContainerWaiting";

    private Payloads() {
    }

    /** Ten firing alerts, one per pod: eight {@value #CRASH_LOOPING}, two {@value #UNMAPPED}. */
    static String load(List<String> pods, Instant startsAt) {
        StringBuilder alerts = new StringBuilder();
        for (int i = 0; i < pods.size(); i++) {
            String name = i % 5 == 4 ? UNMAPPED : CRASH_LOOPING;
            alerts.append(i == 0 ? "" : ",").append(alert(name, pods.get(i), "load-" + i, startsAt));
        }
        return notification(alerts.toString());
    }

    /** One firing {@code MemoryLeakDetected} on {@code pod} ({@code evidence: alert}: the engine evicts the pod it names). */
    static String memoryLeak(String pod, String fingerprint, Instant startsAt) {
        return notification(alert("MemoryLeakDetected", pod, fingerprint, startsAt));
    }

    static String dedupKey(String fingerprint) {
        return GROUP_KEY + "|" + fingerprint;
    }

    private static String notification(String alerts) {
        return "{\"version\":\"4\",\"groupKey\":" + quote(GROUP_KEY) + ",\"truncatedAlerts\":0,\"status\":\"firing\",\"receiver\":\"kubemedic\","
                + "\"groupLabels\":{},\"commonLabels\":{\"namespace\":" + quote(Workloads.NS) + "},\"commonAnnotations\":{},"
                + "\"externalURL\":\"http://alertmanager.bench:9093\",\"alerts\":[" + alerts + "]}";
    }

    private static String alert(String alertname, String pod, String fingerprint, Instant startsAt) {
        Map<String, String> labels = new TreeMap<>(Map.of("alertname", alertname, "namespace", Workloads.NS, "pod", pod, "container", "app",
                "severity", "warning", "job", "kube-state-metrics"));
        StringBuilder l = new StringBuilder();
        labels.forEach((k, v) -> l.append(l.isEmpty() ? "" : ",").append(quote(k)).append(':').append(quote(v)));
        return "{\"status\":\"firing\",\"labels\":{" + l + "},\"annotations\":{\"summary\":" + quote(alertname + " on " + pod) + "},"
                + "\"startsAt\":" + quote(startsAt.toString()) + ",\"endsAt\":\"0001-01-01T00:00:00Z\","
                + "\"generatorURL\":\"http://prometheus.bench:9090/graph\",\"fingerprint\":" + quote(fingerprint) + "}";
    }

    /** A JSON string; only quotes and backslashes occur (the group key has quotes). */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
