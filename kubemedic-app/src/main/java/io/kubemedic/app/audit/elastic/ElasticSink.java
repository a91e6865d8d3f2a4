package io.kubemedic.app.audit.elastic;

import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.core.config.ConfigException;
import io.kubemedic.core.config.KubemedicConfig;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Wraps the audit store with the Elasticsearch sink when {@code audit.elastic.url} is set; the sink closes with the store. */
public final class ElasticSink {

    private ElasticSink() {
    }

    public static AuditStore around(AuditStore store, KubemedicConfig config) {
        if (config.elasticUrl().isBlank()) {
            return store;
        }
        String key;
        try {
            key = config.elasticApiKeyFile().isBlank() ? "" : Files.readString(Path.of(config.elasticApiKeyFile())).trim();
        } catch (IOException e) {
            store.close();
            throw new ConfigException("audit.elastic.apiKeyFile: cannot read " + config.elasticApiKeyFile() + ": " + e.getMessage(), e);
        }
        ElasticAuditSink sink;
        try {
            sink = new ElasticAuditSink(ElasticSettings.of(URI.create(config.elasticUrl()), key, Path.of(config.elasticBacklogDir()))
                    .withIndex(config.elasticIndex()).withBacklogMaxBytes(config.elasticBacklogMaxBytes()));
        } catch (IllegalArgumentException e) {
            store.close();
            throw new ConfigException(e.getMessage(), e);
        }
        return new SinkingAuditStore(store, sink::accept) {
            @Override
            public void close() {
                try {
                    sink.close();
                } finally {
                    super.close();
                }
            }
        };
    }
}
