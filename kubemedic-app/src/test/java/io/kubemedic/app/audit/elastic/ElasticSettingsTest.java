package io.kubemedic.app.audit.elastic;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElasticSettingsTest {

    private static final URI ES = URI.create("https://es.example:9200");
    private static final Path DIR = Path.of("/var/lib/kubemedic/elastic-backlog");

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        ElasticSettings s = ElasticSettings.of(ES, "k", DIR);

        assertThat(s.index()).isEqualTo("self-healing-audit");
        assertThat(s.backlogMaxBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(s.batchSize()).isEqualTo(500);
        assertThat(s.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.bulkUri()).isEqualTo(URI.create("https://es.example:9200/_bulk"));
        assertThat(ElasticSettings.of(URI.create("https://proxy/es/"), null, DIR).bulkUri()).isEqualTo(URI.create("https://proxy/es/_bulk"));
    }

    @Test
    void theApiKeyIsTrimmedAndMasked() {
        ElasticSettings s = ElasticSettings.of(ES, "  s3cr3t-key==\n", DIR);

        assertThat(s.apiKey()).isEqualTo("s3cr3t-key==");
        assertThat(s.toString()).doesNotContain("s3cr3t").contains("apiKey=****");
        assertThat(ElasticSettings.of(ES, null, DIR).toString()).contains("apiKey=<none>");
    }

    @Test
    void badValuesFailWithAMessageNamingThem() {
        assertThatThrownBy(() -> ElasticSettings.of(null, "k", DIR)).hasMessageContaining("url is required");
        assertThatThrownBy(() -> ElasticSettings.of(URI.create("ftp://es:21"), "k", DIR)).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> ElasticSettings.of(URI.create("https://u:p@es:9200"), "k", DIR)).hasMessageContaining("credentials");
        assertThatThrownBy(() -> ElasticSettings.of(ES, " ", DIR)).hasMessageContaining("apiKey is blank");
        assertThatThrownBy(() -> ElasticSettings.of(ES, "a b", DIR)).hasMessageContaining("apiKey must not contain");
        assertThatThrownBy(() -> ElasticSettings.of(ES, "k", null)).hasMessageContaining("backlogDir is required");
        ElasticSettings ok = ElasticSettings.of(ES, "k", DIR);
        assertThatThrownBy(() -> ok.withIndex("Self-Healing")).hasMessageContaining("lowercase");
        assertThatThrownBy(() -> ok.withIndex("_audit")).hasMessageContaining("must not start");
        assertThatThrownBy(() -> ok.withIndex("a*b")).hasMessageContaining("must not contain");
        assertThatThrownBy(() -> ok.withBacklogMaxBytes(100)).hasMessageContaining("backlogMaxBytes must be at least 1024");
        assertThatThrownBy(() -> ok.withBatchSize(0)).hasMessageContaining("batchSize must be between 1 and 10000");
        assertThatThrownBy(() -> ok.withTimings(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flushInterval must be a positive duration");
    }
}
