package io.kubemedic.bench.intake;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kubemedic.app.engine.TimelineEvent.Phase;
import io.kubemedic.bench.EngineClock;
import io.kubemedic.bench.Fixtures;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.kube.sandbox.SandboxDispatcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * The two kinds of trial, each on the oldest healthy pod of the next heal Deployment (rotating, so no target is hit
 * twice in a row), each ending only when its incident is verified and closed, so trials never overlap. All stamps are
 * {@link System#nanoTime()} in this JVM, which also runs Kubemedic and the sandbox API server; the end stamp is the
 * eviction request's arrival at the API server ({@link SandboxDispatcher}).
 * <ul>
 *   <li>reaction (the watch loop): a pod's status is written as CrashLoopBackOff; time from the write being sent;</li>
 *   <li>receipt (the intake): a {@code MemoryLeakDetected} notification naming the pod is POSTed to the webhook;
 *       time from just before the client sends it (the server-side receipt is not visible without changing main
 *       code: the earliest server stamp is the start of the alert write, after parsing and judging).</li>
 * </ul>
 */
final class Trials {

    static final String[] REACTION = {"crash write sent -> eviction at API server", "crash write round trip",
        "crash write sent -> incident opened (DETECTED)", "crash write sent -> eviction decided (DECIDED)"};
    static final String[] RECEIPT = {"POST sent -> eviction at API server", "POST sent -> 202 received by client",
        "POST sent -> alert write starts (server)", "POST sent -> alert write ends (server)", "POST sent -> incident opened (DETECTED)",
        "POST sent -> eviction decided (DECIDED)"};

    private final IntakeRig rig;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private int next;
    private int fingerprints;

    Trials(IntakeRig rig) {
        this.rig = rig;
    }

    /** A crash loop seen by the watch: {@link #REACTION}'s columns. */
    long[] reaction() throws InterruptedException {
        String deployment = rig.heal.get(next++ % rig.heal.size());
        String pod = rig.workloads.victim(deployment);
        Pod victim = rig.workloads.get(pod);
        victim.setStatus(crashLoop());
        long t0 = System.nanoTime();
        rig.client.pods().inNamespace(Workloads.NS).resource(victim).updateStatus();
        long written = System.nanoTime();
        Outcome o = finish(deployment, pod, t0);
        return new long[] {o.evicted - t0, written - t0, o.detected - t0, since(t0, o.decided)};
    }

    /** A memory-leak alert through the webhook: {@link #RECEIPT}'s columns. */
    long[] receipt() throws InterruptedException, IOException {
        String deployment = rig.heal.get(next++ % rig.heal.size());
        String pod = rig.workloads.victim(deployment);
        String fingerprint = Payloads.LEAK_MARKER + ++fingerprints;
        HttpRequest post = HttpRequest.newBuilder(URI.create(rig.alertmanagerUrl())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + rig.token)
                .POST(HttpRequest.BodyPublishers.ofString(Payloads.memoryLeak(pod, fingerprint, Instant.now()))).build();
        long t0 = System.nanoTime();
        HttpResponse<String> answer = http.send(post, HttpResponse.BodyHandlers.ofString());
        long answered = System.nanoTime();
        if (answer.statusCode() != 202 || !answer.body().contains("\"queued\"")) {
            throw new IllegalStateException("the memory-leak alert on " + pod + " was answered " + answer.statusCode() + ": " + answer.body());
        }
        Outcome o = finish(deployment, pod, t0);
        StampingStore.Stamp stored = rig.store.marked(Payloads.dedupKey(fingerprint)).orElse(new StampingStore.Stamp(-1, -1));
        return new long[] {o.evicted - t0, answered - t0, since(t0, stored.start()), since(t0, stored.end()), o.detected - t0, since(t0, o.decided)};
    }

    /**
     * {@link Fixtures#crashLoop()} with the last run ended as it started (the container dies at once): the verifier
     * then holds the fix for {@code verify.stableFor} (0 s) instead of 1.5 times the last run plus a second, so a
     * trial's incident closes as soon as the replacement is seen and trials stay short. Detection is unchanged.
     */
    private static PodStatus crashLoop() {
        PodStatus s = Fixtures.crashLoop();
        ContainerStateTerminated last = s.getContainerStatuses().getFirst().getLastState().getTerminated();
        last.setStartedAt(last.getFinishedAt());
        return s;
    }

    private record Outcome(long evicted, long detected, long decided) {
    }

    /** Waits for the eviction, plays the controller and kubelet, waits until the incident is closed. */
    private Outcome finish(String deployment, String pod, long t0) throws InterruptedException {
        SandboxDispatcher.EvictionRecord eviction = Waits.until(() -> rig.eviction(pod), "the eviction of " + pod);
        rig.workloads.replace(deployment, pod);
        EngineClock.Stamp detected = Waits.until(() -> rig.timeline.first(Phase.DETECTED, deployment, t0).orElse(null), "an incident on " + deployment);
        String id = detected.event().incidentId();
        Waits.untilTrue(() -> rig.timeline.of(Phase.CLOSED, id).isPresent() && rig.app.engine().openIncidents() == 0,
                "incident " + id + " on " + deployment + " to be verified and closed");
        long decided = rig.timeline.of(Phase.DECIDED, id, ActionType.EVICT_POD).map(EngineClock.Stamp::nanos).orElse(-1L);
        rig.timeline.drain();
        return new Outcome(eviction.receivedNanos(), detected.nanos(), decided);
    }

    private static long since(long t0, long t) {
        return t < 0 ? -1 : t - t0;
    }
}
