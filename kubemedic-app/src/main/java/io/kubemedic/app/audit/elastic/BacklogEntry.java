package io.kubemedic.app.audit.elastic;

import io.kubemedic.core.model.AuditRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * One line of the on-disk backlog: the document with its {@code _id}, plus the incident and target so every log
 * line about it (rejected, dropped) can name them without the audit row.
 *
 * @param id       the {@code _id}, {@code null} for a row without one
 * @param incident incident id, for log lines
 * @param target   {@code Kind(ns/name)}, for log lines
 */
record BacklogEntry(String id, String incident, String target, ObjectNode document) {

    static BacklogEntry of(AuditRecord r) {
        return new BacklogEntry(ElasticDocument.id(r).orElse(null), r.incidentId(), ElasticDocument.target(r), ElasticDocument.of(r));
    }

    /** One NDJSON line, newline included. Jackson escapes line breaks inside strings, so it is always one line. */
    byte[] toLine() {
        ObjectNode line = ElasticDocument.JSON.createObjectNode();
        if (id != null) {
            line.put("id", id);
        }
        line.put("incident", incident);
        line.put("target", target);
        line.set("doc", document);
        return (ElasticDocument.JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a line back; {@link IllegalArgumentException} when it is not one of ours (a damaged file). */
    static BacklogEntry parse(String line) {
        try {
            JsonNode node = ElasticDocument.JSON.readTree(line);
            if (node == null || !(node.get("doc") instanceof ObjectNode doc)) {
                throw new IllegalArgumentException("backlog line has no document");
            }
            return new BacklogEntry(text(node, "id"), text(node, "incident"), text(node, "target"), doc);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("backlog line is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
