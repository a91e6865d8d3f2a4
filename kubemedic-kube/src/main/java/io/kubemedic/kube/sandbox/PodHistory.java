package io.kubemedic.kube.sandbox;

import io.kubemedic.core.config.Durations;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a kubelet remembers about a pod's containers: when each started running, its last termination and its
 * restart count. Statuses are built from this memory, so their timestamps are real (when the crash happened) yet
 * written once: a crash loop that goes on does not rewrite its status every tick.
 */
final class PodHistory {

    /** A container's last termination, as {@code lastState.terminated} shows it. */
    record Termination(String reason, int exitCode, Instant startedAt, Instant finishedAt) {
    }

    /** One container's memory. */
    static final class Track {
        Instant runningSince;
        Termination last;
        int restarts;
        boolean everRan;
        /**
         * True in the tick a crash begins: the container has just exited and is not restarted yet, so it shows
         * {@code state.terminated} and its old restart count before it goes to CrashLoopBackOff with the fault's count.
         * Every replica hit by one fault passes through this at once, as on a real node, so none is seen crash-looping
         * while its siblings still look Ready.
         */
        boolean exited;
        /** The crash fault the container is in now, or null when it runs. */
        ActiveFault crash;
        private final Set<ActiveFault> pastApplied = new HashSet<>();
    }

    final Instant started;
    private final Map<String, Track> tracks = new HashMap<>();

    PodHistory(Instant started) {
        this.started = started;
    }

    Track track(String container) {
        return tracks.computeIfAbsent(container, c -> {
            Track t = new Track();
            t.runningSince = started;
            return t;
        });
    }

    /**
     * Moves a container's memory to now under its effect (a crash fault, or null) and its past terminations.
     *
     * @return the crash in force now (null while the container runs, including its {@code runsFor} grace before a crash)
     */
    ActiveFault advance(String container, ActiveFault effect, Iterable<ActiveFault> past, Instant now) {
        Track t = track(container);
        for (ActiveFault p : past) {
            if (t.pastApplied.add(p)) {
                Instant finished = p.injectedAt.minus(Durations.parse(p.fault.param("finishedAgo", "1h")));
                t.last = termination(p, finished.minus(Duration.ofMinutes(30)), finished);
                t.restarts = Math.max(t.restarts, Integer.parseInt(p.fault.param("restarts", "1")));
                t.everRan = true;
            }
        }
        ActiveFault crash = effect != null && effect.fault.type().crash() ? effect : null;
        if (crash != null && now.isBefore(t.runningSince.plus(Durations.parse(crash.fault.param("runsFor", "0s"))))) {
            crash = null;
        }
        if (crash != null && t.crash != crash) {
            t.last = termination(crash, t.runningSince, now.isBefore(t.runningSince) ? t.runningSince : now);
            t.exited = true;
            t.everRan = true;
        } else if (crash != null && t.exited) {
            t.exited = false;
            t.restarts = Math.max(t.restarts, Integer.parseInt(crash.fault.param("restarts", "5")));
        } else if (crash == null && t.crash != null) {
            t.exited = false;
            t.runningSince = now; // the fault is gone: the container started again
        }
        t.crash = crash;
        return crash;
    }

    private static Termination termination(ActiveFault f, Instant startedAt, Instant finishedAt) {
        boolean oom = f.fault.type() == FaultType.OOM_KILL;
        int exit = Integer.parseInt(f.fault.param("exitCode", oom ? "137" : "1"));
        return new Termination(oom ? "OOMKilled" : "Error", exit, startedAt, finishedAt);
    }
}
