package io.kubemedic.app.intake;

import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the two alert formats: Alertmanager's webhook payload (version "4") and the generic
 * {@code {"status", "labels", "annotations"}} alert. Validation names the field at fault; nothing here talks to the
 * cluster.
 */
public final class AlertPayloads {

    /** Alertmanager sends this for an alert that has no end yet. */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private AlertPayloads() {
    }

    /** The alerts of an Alertmanager webhook notification, each on its own status. */
    public static List<Alert> alertmanager(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw IntakeException.badRequest("expected a JSON object (the Alertmanager webhook payload)");
        }
        JsonNode version = root.path("version");
        if (!version.isMissingNode() && !"4".equals(version.asString(""))) {
            throw IntakeException.unprocessable("unsupported_version", "Alertmanager webhook payload version '" + version.asString("")
                    + "' is not supported; expected \"4\"");
        }
        JsonNode alerts = root.path("alerts");
        if (!alerts.isArray()) {
            throw IntakeException.unprocessable("invalid_payload", "field 'alerts' must be a list");
        }
        String groupKey = root.path("groupKey").asString("");
        List<Alert> out = new ArrayList<>();
        int i = 0;
        for (JsonNode a : alerts) {
            out.add(alert(a, "alertmanager", groupKey, "alerts[" + i++ + "]"));
        }
        return out;
    }

    /** A generic alert, or a list of them. */
    public static List<Alert> generic(JsonNode root) {
        if (root != null && root.isArray()) {
            List<Alert> out = new ArrayList<>();
            int i = 0;
            for (JsonNode a : root) {
                out.add(alert(a, "generic", "", "[" + i++ + "]"));
            }
            return out;
        }
        if (root == null || !root.isObject()) {
            throw IntakeException.badRequest("expected a JSON object {\"status\", \"labels\", \"annotations\"} or a list of them");
        }
        return List.of(alert(root, "generic", "", "alert"));
    }

    private static Alert alert(JsonNode a, String source, String groupKey, String where) {
        if (!a.isObject()) {
            throw IntakeException.unprocessable("invalid_payload", where + " must be an object");
        }
        String status = a.path("status").asString("firing");
        if (!status.equals("firing") && !status.equals("resolved")) {
            throw IntakeException.unprocessable("invalid_status", where + ".status must be firing or resolved, got '" + status + "'");
        }
        Map<String, String> labels = strings(a.path("labels"), where + ".labels");
        String alertname = labels.get("alertname");
        if (alertname == null || alertname.isBlank()) {
            throw IntakeException.unprocessable("missing_label", where + ": label 'alertname' is missing");
        }
        Map<String, String> annotations = strings(a.path("annotations"), where + ".annotations");
        Instant startsAt = time(a.path("startsAt"), where + ".startsAt");
        String fingerprint = a.path("fingerprint").asString("");
        String identity = fingerprint.isBlank() ? labelHash(labels) : fingerprint;
        return new Alert(source, groupKey + "|" + identity, status.equals("firing"), alertname, labels, annotations, startsAt,
                fingerprint.isBlank() ? null : fingerprint);
    }

    private static Map<String, String> strings(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw IntakeException.unprocessable("invalid_payload", where + " must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : node.properties()) {
            if (!e.getValue().isValueNode()) {
                throw IntakeException.unprocessable("invalid_payload", where + "." + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), e.getValue().asString());
        }
        return out;
    }

    private static Instant time(JsonNode node, String where) {
        String text = node.asString("");
        if (text.isBlank() || text.startsWith(ZERO_TIME.substring(0, 4))) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                throw IntakeException.unprocessable("invalid_payload", where + " is not an RFC 3339 time: '" + text + "'");
            }
        }
    }

    /** Stands in for a fingerprint (older Alertmanagers, generic senders): the same labels are the same alert. */
    static String labelHash(Map<String, String> labels) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(labels).forEach((k, v) -> canonical.append(k).append('\u0000').append(v).append('\u0001'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return "labels:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
