package io.kubemedic.app.cli;

import io.kubemedic.kube.observe.ServerVersion;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code run} waits for a cluster: in a pod it retries with backoff and says "not ready"; elsewhere it fails fast. */
class RunCommandRetryTest {

    private static final ClusterConnection.Connected OK = new ClusterConnection.Connected("https://10.0.0.1:443", new ServerVersion(1, 20, "v1.20.2"));

    private static Supplier<ClusterConnection.Connected> failingTimes(int failures, AtomicInteger calls) {
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw new ClusterConnection.Unreachable("https://10.0.0.1:443", "connection refused");
            }
            return OK;
        };
    }

    @Test
    void inAClusterItRetriesWithGrowingBackoffCappedAt30sAndReportsNotReadyEachTime() throws InterruptedException {
        List<Duration> waits = new ArrayList<>();
        StringWriter err = new StringWriter();
        AtomicInteger calls = new AtomicInteger();

        ClusterConnection.Connected c = ClusterConnection.connect(failingTimes(7, calls), true, new PrintWriter(err), waits::add);

        assertThat(c).isEqualTo(OK);
        assertThat(calls).hasValue(8);
        assertThat(waits).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
        assertThat(err.toString().lines()).hasSize(7).allSatisfy(l -> assertThat(l)
                .startsWith("kubemedic: not ready: cannot use https://10.0.0.1:443: connection refused; retrying in"));
    }

    @Test
    void outsideAClusterTheFirstFailureEndsIt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ClusterConnection.connect(failingTimes(1, calls), false, new PrintWriter(new StringWriter()), d -> { }))
                .isInstanceOf(ClusterConnection.Unreachable.class).hasMessage("https://10.0.0.1:443: connection refused");
        assertThat(calls).hasValue(1);
    }
}
