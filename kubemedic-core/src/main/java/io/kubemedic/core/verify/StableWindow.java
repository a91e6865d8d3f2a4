package io.kubemedic.core.verify;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.TargetSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a fixed target must stay healthy before Kubemedic believes the fix: at least {@code verify.stableFor}, and
 * longer than the failing containers used to live. An app that dies 5 s after it starts looks healthy for 5 s after
 * every restart; a 2 s window would call that healed, close the incident, and meet the same crash again as a new one.
 * The longest run before a crash of a container failing now (in CrashLoopBackOff, or just exited with an error; a
 * termination's {@code finishedAt - startedAt}) times 1.5, plus a second for the
 * timestamps' whole-second precision, is the window, capped at half the verification timeout so a verification can
 * still end before its deadline.
 */
public final class StableWindow {

    private StableWindow() {
    }

    public static Duration of(Duration stableFor, TargetSnapshot snapshot, Duration verifyTimeout) {
        Duration longest = Duration.ZERO;
        for (Pod pod : snapshot.pods()) {
            for (ContainerStatus s : statuses(pod)) {
                if (s.getState() == null) {
                    continue;
                }
                if (s.getState().getWaiting() != null && "CrashLoopBackOff".equals(s.getState().getWaiting().getReason())) {
                    longest = max(longest, ranFor(s.getLastState() == null ? null : s.getLastState().getTerminated()));
                }
                longest = max(longest, ranFor(s.getState().getTerminated()));
            }
        }
        if (longest.isZero()) {
            return stableFor;
        }
        Duration outlive = longest.multipliedBy(3).dividedBy(2).plusSeconds(1);
        Duration cap = verifyTimeout.dividedBy(2);
        return max(stableFor, outlive.compareTo(cap) > 0 ? cap : outlive);
    }

    /** How long a container ran before it crashed (zero for a clean exit or unreadable times). */
    private static Duration ranFor(ContainerStateTerminated t) {
        if (t == null || t.getExitCode() == null || t.getExitCode() == 0 || t.getStartedAt() == null || t.getFinishedAt() == null) {
            return Duration.ZERO;
        }
        try {
            Duration d = Duration.between(Instant.parse(t.getStartedAt()), Instant.parse(t.getFinishedAt()));
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return Duration.ZERO;
        }
    }

    private static List<ContainerStatus> statuses(Pod pod) {
        List<ContainerStatus> out = new ArrayList<>();
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            out.addAll(pod.getStatus().getContainerStatuses());
        }
        return out;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
