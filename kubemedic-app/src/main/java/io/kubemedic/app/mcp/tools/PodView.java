package io.kubemedic.app.mcp.tools;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.core.diagnosis.Diagnosers;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How the tools show a pod: its status, and the loop's own diagnosis of it (the same diagnosers, the same findings). */
final class PodView {

    private PodView() {
    }

    /** The loop's findings about this pod: its workload's snapshot, diagnosed, narrowed to the pod. */
    static List<Finding> findings(Kubemedic app, Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        ResourceRef workload = app.observer().workloadOf(pod).orElse(ResourceRef.pod(ns, name));
        TargetSnapshot snapshot = app.observer().snapshot(workload);
        if (snapshot.pod(name).isEmpty()) { // not in the cache yet (or a bare pod): diagnose the pod as read
            snapshot = TargetSnapshot.builder(ResourceRef.pod(ns, name), app.clock().instant()).pods(List.of(pod)).build();
        }
        return Diagnosers.run(Diagnosers.defaults(app.config()), snapshot).stream()
                .filter(f -> f.subject().equals(ResourceRef.pod(ns, name)) || f.subject().equals(workload)).toList();
    }

    static Map<String, Object> issue(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
        m.put("type", type(f.type()));
        m.put("container", f.container());
        m.put("message", f.message());
        m.put("restart_count", f.intEvidence("restartCount", 0));
        return m;
    }

    /** The names SREs know these by (kubectl's STATUS column where there is one). */
    static String type(FindingType t) {
        return switch (t) {
            case CRASH_LOOP_BACK_OFF -> "CrashLoopBackOff";
            case INIT_CONTAINER_CRASH_LOOP -> "Init:CrashLoopBackOff";
            case OOM_KILLED -> "OOMKilled";
            case IMAGE_PULL_FAILURE -> "ImagePullBackOff";
            case CREATE_CONTAINER_CONFIG_ERROR -> "CreateContainerConfigError";
            case UNSCHEDULABLE_INSUFFICIENT_RESOURCES, UNSCHEDULABLE -> "Unschedulable";
            case PROBE_FAILURE -> "ProbeFailure";
            case HIGH_RESTART_COUNT -> "HighRestartCount";
            case MEMORY_PRESSURE -> "MemoryPressure";
            case NO_METRICS -> "NoMetrics";
            case SINGLE_REPLICA_PROD -> "SingleReplica";
            case ROLLOUT_STUCK -> "RolloutStuck";
            case NODE_NOT_READY -> "NodeNotReady";
            case MEMORY_LEAK -> "MemoryLeak";
            default -> t.name();
        };
    }

    static Map<String, Object> status(Pod pod) {
        Map<String, Object> s = new LinkedHashMap<>();
        var st = pod.getStatus();
        s.put("phase", st == null ? null : st.getPhase());
        List<Map<String, Object>> conditions = new ArrayList<>();
        if (st != null && st.getConditions() != null) {
            st.getConditions().forEach(c -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", c.getType());
                m.put("status", c.getStatus());
                m.put("reason", c.getReason());
                m.put("message", c.getMessage());
                conditions.add(m);
            });
        }
        s.put("conditions", conditions);
        List<Map<String, Object>> containers = new ArrayList<>();
        if (st != null && st.getContainerStatuses() != null) {
            st.getContainerStatuses().forEach(c -> containers.add(container(c)));
        }
        s.put("container_statuses", containers);
        return s;
    }

    private static Map<String, Object> container(ContainerStatus c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.getName());
        m.put("ready", Boolean.TRUE.equals(c.getReady()));
        m.put("restart_count", c.getRestartCount() == null ? 0 : c.getRestartCount());
        m.put("image", c.getImage());
        var state = c.getState();
        if (state != null && state.getWaiting() != null) {
            m.put("state", "waiting");
            m.put("reason", state.getWaiting().getReason());
        } else if (state != null && state.getTerminated() != null) {
            m.put("state", "terminated");
            m.put("reason", state.getTerminated().getReason());
            m.put("exit_code", state.getTerminated().getExitCode());
        } else if (state != null && state.getRunning() != null) {
            m.put("state", "running");
            m.put("started_at", state.getRunning().getStartedAt());
        }
        var last = c.getLastState();
        if (last != null && last.getTerminated() != null) {
            m.put("last_termination", Map.of("reason", String.valueOf(last.getTerminated().getReason()),
                    "exit_code", last.getTerminated().getExitCode() == null ? -1 : last.getTerminated().getExitCode()));
        }
        return m;
    }

    static Map<String, Object> event(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.getType());
        m.put("reason", e.getReason());
        m.put("message", e.getMessage());
        m.put("count", e.getCount() == null ? 1 : e.getCount());
        m.put("last_seen", e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getEventTime() == null ? null : e.getEventTime().getTime());
        return m;
    }
}
