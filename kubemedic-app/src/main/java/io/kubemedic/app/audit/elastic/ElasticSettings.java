package io.kubemedic.app.audit.elastic;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Where and how {@link ElasticAuditSink} ships audit documents. Checked once, here, so a bad value fails at start
 * with a message that names it instead of as a retry loop against a wrong URL. The API key is a secret:
 * {@link #toString()} masks it and nothing logs it.
 *
 * @param url             base URL of the cluster, e.g. {@code https://es:9200}; {@code /_bulk} is appended
 * @param apiKey          sent as {@code Authorization: ApiKey <key>}; {@code null} sends no Authorization header
 * @param index           target index, {@value #DEFAULT_INDEX} by default
 * @param backlogDir      folder of the on-disk backlog; a restart ships what is left in it
 * @param backlogMaxBytes bytes of unshipped documents kept before the oldest are dropped (and counted)
 * @param batchSize       documents per {@code _bulk} request
 * @param flushInterval   longest a document waits for its batch to fill
 * @param maxBackoff      cap of the exponential retry delay
 * @param requestTimeout  connect and response timeout of one request; also how long {@code close()} tries to flush
 */
public record ElasticSettings(URI url, String apiKey, String index, Path backlogDir, long backlogMaxBytes, int batchSize,
                              Duration flushInterval, Duration maxBackoff, Duration requestTimeout) {

    public static final String DEFAULT_INDEX = "self-healing-audit";
    public static final long DEFAULT_BACKLOG_MAX_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Keeps one request far below Elasticsearch's {@code http.max_content_length} (100 MB by default). */
    static final int MAX_BATCH_SIZE = 10_000;

    public ElasticSettings {
        require(url != null, "url is required (e.g. https://elasticsearch:9200)");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        require(scheme.equals("http") || scheme.equals("https"), "url must be an http:// or https:// URL, got '" + url + "'");
        require(url.getHost() != null, "url has no host: '" + url + "'");
        require(url.getRawQuery() == null && url.getRawFragment() == null, "url must not have a query or fragment: '" + url + "'");
        require(url.getRawUserInfo() == null, "url must not carry credentials; use apiKey");
        if (apiKey != null) {
            apiKey = apiKey.strip();
            require(!apiKey.isEmpty(), "apiKey is blank; leave it unset to send no Authorization header");
            require(apiKey.chars().noneMatch(c -> c <= ' ' || c == 127), "apiKey must not contain spaces or control characters");
        }
        require(index != null && !index.isBlank(), "index is required (default " + DEFAULT_INDEX + ")");
        checkIndexName(index);
        require(backlogDir != null, "backlogDir is required: unshipped audit documents are kept there");
        require(backlogMaxBytes >= 1024, "backlogMaxBytes must be at least 1024, got " + backlogMaxBytes);
        require(batchSize >= 1 && batchSize <= MAX_BATCH_SIZE, "batchSize must be between 1 and " + MAX_BATCH_SIZE + ", got " + batchSize);
        requirePositive(flushInterval, "flushInterval");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(requestTimeout, "requestTimeout");
    }

    /** The defaults for everything but where to send, the key and where to keep the backlog. */
    public static ElasticSettings of(URI url, String apiKey, Path backlogDir) {
        return new ElasticSettings(url, apiKey, DEFAULT_INDEX, backlogDir, DEFAULT_BACKLOG_MAX_BYTES, DEFAULT_BATCH_SIZE,
                DEFAULT_FLUSH_INTERVAL, DEFAULT_MAX_BACKOFF, DEFAULT_REQUEST_TIMEOUT);
    }

    public ElasticSettings withIndex(String newIndex) {
        return new ElasticSettings(url, apiKey, newIndex, backlogDir, backlogMaxBytes, batchSize, flushInterval, maxBackoff, requestTimeout);
    }

    public ElasticSettings withBacklogMaxBytes(long bytes) {
        return new ElasticSettings(url, apiKey, index, backlogDir, bytes, batchSize, flushInterval, maxBackoff, requestTimeout);
    }

    public ElasticSettings withBatchSize(int size) {
        return new ElasticSettings(url, apiKey, index, backlogDir, backlogMaxBytes, size, flushInterval, maxBackoff, requestTimeout);
    }

    /** Flush interval, backoff cap and request timeout: what tests shorten. */
    public ElasticSettings withTimings(Duration flush, Duration backoff, Duration timeout) {
        return new ElasticSettings(url, apiKey, index, backlogDir, backlogMaxBytes, batchSize, flush, backoff, timeout);
    }

    /** {@code {url}/_bulk}, keeping a path prefix of the base URL (for a proxy in front of the cluster). */
    public URI bulkUri() {
        String base = url.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "_bulk");
    }

    @Override
    public String toString() {
        return "ElasticSettings[url=" + url + ", apiKey=" + (apiKey == null ? "<none>" : "****") + ", index=" + index
                + ", backlogDir=" + backlogDir + ", backlogMaxBytes=" + backlogMaxBytes + ", batchSize=" + batchSize
                + ", flushInterval=" + flushInterval + ", maxBackoff=" + maxBackoff + ", requestTimeout=" + requestTimeout + "]";
    }

    /** Elasticsearch's index name rules, so a typo fails here and not as a 400 on every request. */
    private static void checkIndexName(String index) {
        require(index.equals(index.toLowerCase(Locale.ROOT)), "index must be lowercase, got '" + index + "'");
        require(!index.startsWith("-") && !index.startsWith("_") && !index.startsWith("+"),
                "index must not start with '-', '_' or '+', got '" + index + "'");
        require(!index.equals(".") && !index.equals(".."), "index must not be '.' or '..'");
        require(index.chars().noneMatch(c -> "\\/*?\"<>| ,#:".indexOf(c) >= 0),
                "index must not contain any of \\ / * ? \" < > | space , # :, got '" + index + "'");
        require(index.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255, "index name is longer than 255 bytes");
    }

    private static void requirePositive(Duration d, String name) {
        require(d != null && d.isPositive(), name + " must be a positive duration, got " + d);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("audit.elastic: " + message);
        }
    }
}
