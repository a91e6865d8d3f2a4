package io.kubemedic.app.audit.elastic;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Elasticsearch {@code _bulk} endpoint on 127.0.0.1: it checks each request as strictly as Elasticsearch
 * would (method, path, {@code Content-Type: application/x-ndjson}, {@code Authorization: ApiKey}, action/source
 * line pairs, the trailing newline), stores documents by {@code _id} and answers in Elasticsearch's shape. It fails
 * on demand: whole requests with 503, single documents with any status, answering late (a client timeout; the
 * request is still applied, as Elasticsearch would), or not listening at all (connection refused).
 * Every format problem is also kept in {@link #violations()}, which a test asserts empty.
 */
final class BulkEndpoint implements AutoCloseable {

    private static final JsonMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final String index;
    private final String apiKey;
    private final Map<String, ObjectNode> docs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> itemFailures = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger stallNext = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile HttpServer server;
    private volatile ExecutorService executor;
    private volatile boolean listening;
    private int port;

    private BulkEndpoint(String index, String apiKey) {
        this.index = index;
        this.apiKey = apiKey;
    }

    static BulkEndpoint start(String index, String apiKey) throws IOException {
        BulkEndpoint e = new BulkEndpoint(index, apiKey);
        e.listen(0);
        return e;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Answers the next {@code n} requests with 503, as a cluster without a master does. */
    void failNext(int n) {
        failNext.set(n);
    }

    /** Answers the document {@code id} with {@code status} the next {@code times} times it arrives (-1: always). */
    void failItem(String id, int status, int times) {
        itemFailures.put(id, new CopyOnWriteArrayList<>(List.of(status, times)));
    }

    /** Holds the next {@code n} requests for a second before applying and answering them. */
    void stallNext(int n) {
        stallNext.set(n);
    }

    /** Stops listening: the next connection is refused. */
    void stop() {
        if (listening) {
            listening = false;
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** Listens again on the same port. */
    void restart() throws IOException {
        listen(port);
    }

    Map<String, ObjectNode> documents() {
        return Map.copyOf(docs);
    }

    /** How often the document {@code id} arrived, stored or not. */
    int attempts(String id) {
        AtomicInteger n = attempts.get(id);
        return n == null ? 0 : n.get();
    }

    int requests() {
        return requests.get();
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public void close() {
        released.countDown();
        stop();
    }

    private void listen(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), onPort), 0);
        s.createContext("/", this::handle);
        executor = Executors.newCachedThreadPool();
        s.setExecutor(executor);
        s.start();
        port = s.getAddress().getPort();
        server = s;
        listening = true;
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            requests.incrementAndGet();
            byte[] raw = ex.getRequestBody().readAllBytes();
            String problem = checkRequest(ex);
            if (problem != null) {
                violations.add(problem);
                answer(ex, problem.startsWith("Authorization") ? 401 : 400, error("illegal_argument_exception", problem, 400));
                return;
            }
            if (stallNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                awaitRelease();
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(ex, 503, error("unavailable_shards_exception", "primary shard is not active", 503));
                return;
            }
            String body = new String(raw, StandardCharsets.UTF_8);
            try {
                answer(ex, 200, bulk(body));
            } catch (IllegalArgumentException e) {
                violations.add(e.getMessage());
                answer(ex, 400, error("illegal_argument_exception", e.getMessage(), 400));
            }
        } catch (IOException e) {
            // the client gave up (a timeout test): nothing to answer to
        }
    }

    private void awaitRelease() {
        try {
            released.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String checkRequest(HttpExchange ex) {
        if (!ex.getRequestMethod().equals("POST")) {
            return "method " + ex.getRequestMethod() + " instead of POST";
        }
        if (!ex.getRequestURI().getPath().equals("/_bulk") || ex.getRequestURI().getQuery() != null) {
            return "path " + ex.getRequestURI() + " instead of /_bulk";
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (!"application/x-ndjson".equals(type)) {
            return "Content-Type header [" + type + "] is not supported";
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (!("ApiKey " + apiKey).equals(auth)) {
            return "Authorization header missing or not the expected ApiKey";
        }
        return null;
    }

    /** Parses pairs of action and source lines exactly; throws {@link IllegalArgumentException} on any deviation. */
    private ObjectNode bulk(String body) {
        if (body.isEmpty()) {
            throw new IllegalArgumentException("request body is required");
        }
        if (!body.endsWith("\n")) {
            throw new IllegalArgumentException("The bulk request must be terminated by a newline [\\n]");
        }
        String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
        if (lines.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of lines: an action without its source");
        }
        ObjectNode response = STRICT.createObjectNode().put("took", 1).put("errors", false);
        ArrayNode items = response.putArray("items");
        for (int i = 0; i < lines.length; i += 2) {
            JsonNode action = object(lines[i], "action line " + (i + 1));
            if (action.size() != 1 || !(action.get("index") instanceof ObjectNode meta)) {
                throw new IllegalArgumentException("action line " + (i + 1) + " is not a single index action: " + lines[i]);
            }
            if (!Set.of("_index", "_id").containsAll(meta.propertyNames()) || !index.equals(meta.path("_index").asString(""))) {
                throw new IllegalArgumentException("action line " + (i + 1) + " has unexpected metadata: " + lines[i]);
            }
            if (meta.has("_id") && (!meta.get("_id").isString() || meta.get("_id").asString().isEmpty())) {
                throw new IllegalArgumentException("action line " + (i + 1) + " has a bad _id: " + lines[i]);
            }
            ObjectNode source = object(lines[i + 1], "source line " + (i + 2));
            String id = meta.has("_id") ? meta.get("_id").asString() : "auto-" + requests.get() + "-" + i;
            ObjectNode result = items.addObject().putObject("index").put("_index", index).put("_id", id);
            int status = store(id, source);
            result.put("status", status);
            if (status >= 300) {
                response.put("errors", true);
                result.putObject("error").put("type", status == 429 ? "es_rejected_execution_exception" : "document_parsing_exception")
                        .put("reason", "injected failure for " + id);
            } else {
                result.put("result", status == 201 ? "created" : "updated");
            }
        }
        return response;
    }

    private int store(String id, ObjectNode source) {
        attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        List<Integer> failure = itemFailures.get(id);
        if (failure != null && failure.get(1) != 0) {
            failure.set(1, failure.get(1) - (failure.get(1) > 0 ? 1 : 0));
            return failure.get(0);
        }
        return docs.put(id, source) == null ? 201 : 200;
    }

    private static ObjectNode object(String line, String what) {
        try {
            if (STRICT.readTree(line) instanceof ObjectNode o) {
                return o;
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + line, e);
        }
        throw new IllegalArgumentException(what + " is not a JSON object: " + line);
    }

    private static ObjectNode error(String type, String reason, int status) {
        ObjectNode root = STRICT.createObjectNode();
        root.putObject("error").put("type", type).put("reason", reason);
        return root.put("status", status);
    }

    private static void answer(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = STRICT.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
