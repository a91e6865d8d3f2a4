package io.kubemedic.app.audit.elastic;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code _bulk} round trip, reduced to what the sink decides on: the whole request failed (retry it), or a
 * status per document in request order. Only this class speaks HTTP, and only it sees the API key.
 */
final class BulkClient implements AutoCloseable {

    /** Elasticsearch's answer for one document. */
    record Item(int status, String error) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Too many requests or a server-side fault: the same document may succeed later. */
        boolean retryable() {
            return status == 429 || status >= 500;
        }
    }

    sealed interface Result permits Failed, Answered {
    }

    /** Nothing was applied for sure: connection refused, timeout, 429/5xx or any non-200 answer. */
    record Failed(String message) implements Result {
    }

    record Answered(List<Item> items) implements Result {
    }

    private final HttpClient http;
    private final URI uri;
    private final String index;
    private final String authorization;

    BulkClient(ElasticSettings settings) {
        // Elasticsearch speaks HTTP/1.1 only; skip the h2c upgrade attempt
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.requestTimeout()).build();
        this.uri = settings.bulkUri();
        this.index = settings.index();
        this.authorization = settings.apiKey() == null ? null : "ApiKey " + settings.apiKey();
    }

    /** The NDJSON body: an {@code index} action line and the document line per entry, every line ending in a newline. */
    String body(List<BacklogEntry> entries) {
        StringBuilder sb = new StringBuilder();
        for (BacklogEntry e : entries) {
            ObjectNode action = ElasticDocument.JSON.createObjectNode();
            ObjectNode meta = action.putObject("index");
            meta.put("_index", index);
            if (e.id() != null) {
                meta.put("_id", e.id());
            }
            sb.append(ElasticDocument.JSON.writeValueAsString(action)).append('\n');
            sb.append(ElasticDocument.JSON.writeValueAsString(e.document())).append('\n');
        }
        return sb.toString();
    }

    Result send(List<BacklogEntry> entries, Duration timeout) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body(entries), StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            return new Failed("no answer from " + uri + " within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return new Failed("cannot connect to " + uri.getHost() + ":" + uri.getPort() + " (" + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            return new Failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (response.statusCode() != 200) {
            return new Failed("HTTP " + response.statusCode() + " from " + uri + ": " + snippet(response.body()));
        }
        return parse(response.body(), entries.size());
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    private static Result parse(String body, int expected) {
        JsonNode root;
        try {
            root = ElasticDocument.JSON.readTree(body);
        } catch (JacksonException e) {
            return new Failed("bulk answer is not JSON: " + snippet(body));
        }
        JsonNode items = root == null ? null : root.get("items");
        if (items == null || !items.isArray() || items.size() != expected) {
            return new Failed("bulk answer has " + (items == null ? "no" : items.size()) + " items for " + expected + " documents");
        }
        List<Item> out = new ArrayList<>(expected);
        for (JsonNode item : items) {
            JsonNode result = item.isObject() && item.size() == 1 ? item.iterator().next() : null;
            if (result == null || !result.path("status").isInt()) {
                return new Failed("bulk answer has an item without a status: " + snippet(item.toString()));
            }
            JsonNode error = result.get("error");
            out.add(new Item(result.get("status").asInt(), error == null ? null
                    : error.path("type").asString("error") + ": " + error.path("reason").asString("")));
        }
        return new Answered(out);
    }

    private static String snippet(String body) {
        String s = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
