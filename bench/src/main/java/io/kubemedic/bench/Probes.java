package io.kubemedic.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.impl.KubernetesClientImpl;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.app.engine.TimelineEvent.Phase;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.decision.Policy;
import io.kubemedic.core.model.ActionType;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Everything that watches Kubemedic during a trial, from outside the engine: the timed audit store, the request clock
 * on its HTTP client and its timeline. {@link #measure} turns one trial's stamps into a {@link Trial} once the
 * trial's incident is closed and saved, so trials never overlap.
 */
final class Probes {

    final TimedAuditStore audit;
    final RequestClock requests = new RequestClock();
    final EngineClock timeline = new EngineClock();
    final WatchTap.Arrivals watch = new WatchTap.Arrivals();

    Probes(AuditStore store) {
        this.audit = new TimedAuditStore(store);
    }

    /**
     * Kubemedic's client, built as {@code KubernetesClientBuilder} builds one, plus the request clock (carried over to
     * the actions' derived client) and the watch tap.
     */
    KubernetesClient client(Config config) {
        HttpClient.Factory factory = HttpClientUtils.getHttpClientFactory();
        HttpClient.Builder builder = factory.newBuilder(config);
        HttpClientUtils.applyCommonConfiguration(config, builder, factory);
        builder.addOrReplaceInterceptor(RequestClock.NAME, requests);
        return new KubernetesClientImpl(new WatchTap(builder.build(), watch), config);
    }

    /** Kubemedic assembled as {@code run} does, but on the timed store (which the caller owns) and reporting to the timeline. */
    Kubemedic kubemedic(KubernetesClient client, KubemedicConfig config) {
        return new Kubemedic(client, config, Policy.defaults(), audit, Fixtures.timing(), Clock.systemUTC(), timeline);
    }

    /** A crash-loop status write: the pod and {@link System#nanoTime()} just before it was sent and when it was answered. */
    record Crash(String pod, long t0, long t1) {
    }

    /** Arms the watch tap for {@code victim}, then writes its crash-loop status (restartCount 5, backing off). */
    Crash crash(KubernetesClient client, Pod victim) {
        String name = victim.getMetadata().getName();
        victim.setStatus(Fixtures.crashLoop());
        watch.arm(name);
        long t0 = System.nanoTime();
        client.pods().inNamespace(victim.getMetadata().getNamespace()).resource(victim).updateStatus();
        return new Crash(name, t0, System.nanoTime());
    }

    /** Forgets what start-up did. */
    void reset() {
        audit.drain();
        timeline.drain();
    }

    /**
     * @param crash        the status write
     * @param eventSeen    when the harness's informer saw the crash update (null: not seen); Kubemedic's own arrival comes from the tap
     * @param evictionDone when the eviction was done (see {@link Trial})
     */
    Trial measure(Kubemedic app, Crash crash, String workload, Long eventSeen, long evictionDone) throws InterruptedException {
        String pod = crash.pod();
        long t0 = crash.t0();
        long t1 = crash.t1();
        RequestClock.Exchange post = await(() -> requests.eviction(pod), "the eviction of " + pod + " to be sent");
        EngineClock.Stamp detected = await(() -> timeline.first(Phase.DETECTED, workload, t0).orElse(null), "an incident on " + workload);
        String id = detected.event().incidentId();
        awaitTrue(() -> timeline.of(Phase.CLOSED, id).isPresent() && app.engine().openIncidents() == 0 && audit.idle(),
                "incident " + id + " on " + workload + " to be verified and closed");
        long decided = timeline.of(Phase.DECIDED, id, ActionType.EVICT_POD).map(EngineClock.Stamp::nanos).orElse(-1L);
        timeline.drain();
        long p = post.sentNanos;
        List<TimedAuditStore.Call> onPath = audit.drain().stream().filter(c -> c.within(t0, p)).toList();
        List<TimedAuditStore.Call> writes = onPath.stream().filter(TimedAuditStore.Call::write).toList();
        long auditNanos = writes.stream().mapToLong(TimedAuditStore.Call::nanos).sum();
        long firstWriteEnd = writes.isEmpty() ? -1 : writes.getFirst().endNanos();
        long lastWriteEnd = writes.isEmpty() ? -1 : writes.getLast().endNanos();
        RequestClock.Exchange read = requests.read(pod);
        long readAnswered = read == null || read.answeredNanos == 0 || read.answeredNanos > p ? -1 : read.answeredNanos;
        long h = eventSeen == null ? -1 : eventSeen;
        Long arrived = watch.arrival(pod);
        long e = arrived == null ? -1 : arrived;
        return new Trial(t1 - t0, evictionDone - t0, p - t0, diff(e, p), diff(h, evictionDone), auditNanos,
                onPath.stream().map(TimedAuditStore.Call::method).collect(Collectors.joining(" ")),
                diff(e, detected.nanos()), diff(detected.nanos(), firstWriteEnd), diff(firstWriteEnd, decided), diff(decided, lastWriteEnd),
                diff(lastWriteEnd, readAnswered), diff(readAnswered, p));
    }

    private static long diff(long from, long to) {
        return from < 0 || to < 0 || to < from ? -1 : to - from;
    }

    /** Polls (every millisecond, at most two minutes) until {@code probe} gives a value. */
    static <T> T await(Supplier<T> probe, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (T v; System.nanoTime() < deadline; Thread.sleep(1)) {
            if ((v = probe.get()) != null) {
                return v;
            }
        }
        throw new IllegalStateException("gave up after 2 minutes waiting for " + what);
    }

    static void awaitTrue(BooleanSupplier done, String what) throws InterruptedException {
        await(() -> done.getAsBoolean() ? Boolean.TRUE : null, what);
    }
}
