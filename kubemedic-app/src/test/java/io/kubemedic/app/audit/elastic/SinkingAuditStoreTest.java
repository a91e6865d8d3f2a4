package io.kubemedic.app.audit.elastic;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.app.audit.JdbcAuditStore;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kubemedic.app.audit.elastic.ElasticDocumentTest.T0;
import static io.kubemedic.app.audit.elastic.ElasticDocumentTest.row;
import static org.assertj.core.api.Assertions.assertThat;

class SinkingAuditStoreTest {

    @TempDir
    Path dir;

    private AuditStore primary;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(SinkingAuditStore.class);

    @BeforeEach
    void open() {
        primary = JdbcAuditStore.openSqlite(dir.resolve("audit.db"));
        logs.start();
        log.addAppender(logs);
    }

    @AfterEach
    void close() {
        log.detachAppender(logs);
    }

    @Test
    void theSinkGetsTheRowWithItsIdAndThenItsCompletion() {
        List<AuditRecord> seen = new CopyOnWriteArrayList<>();
        try (AuditStore store = new SinkingAuditStore(primary, seen::add)) {
            AuditRecord intent = store.append(row(0, "inc-1", AuditStatus.INTENT, "policy:crash-loop"));
            store.complete(intent.completed(T0.plusSeconds(2), AuditStatus.SUCCEEDED, null, "done"));

            assertThat(seen).extracting(AuditRecord::id).containsExactly(intent.id(), intent.id()).doesNotContain(0L);
            assertThat(seen).extracting(AuditRecord::status).containsExactly(AuditStatus.INTENT, AuditStatus.SUCCEEDED);
            assertThat(ElasticDocument.id(seen.getLast())).contains("inc-1-" + intent.id());
        }
    }

    @Test
    void aThrowingSinkNeverFailsTheCallerAndThePrimaryStoreKeepsTheRows() {
        try (AuditStore store = new SinkingAuditStore(primary, r -> {
            throw new IllegalStateException("disk full");
        })) {
            AuditRecord intent = store.append(row(0, "inc-2", AuditStatus.INTENT, "policy:crash-loop"));
            store.complete(intent.completed(T0.plusSeconds(2), AuditStatus.FAILED, "boom", null));

            assertThat(intent.id()).isPositive();
            assertThat(store.byIncident("inc-2")).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(AuditStatus.FAILED));
            assertThat(store.unfinished()).isEmpty();
            assertThat(logs.list).hasSize(2).allSatisfy(e -> assertThat(e.getFormattedMessage())
                    .contains("[inc-2] Pod(shop/web-7d9f-abcde)", "disk full"));
        }
    }

    @Test
    void aClosedElasticSinkDoesNotStopTheAuditTrail() {
        ElasticAuditSink sink = new ElasticAuditSink(ElasticSettings.of(URI.create("http://127.0.0.1:9"), null, dir.resolve("backlog")));
        sink.close();
        try (AuditStore store = new SinkingAuditStore(primary, sink::accept)) {
            AuditRecord written = store.append(row(0, "inc-3", AuditStatus.SUCCEEDED, "alert:KubePodCrashLooping"));

            assertThat(store.byIncident("inc-3")).containsExactly(written);
            assertThat(logs.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage()).contains("closed"));
        }
    }
}
