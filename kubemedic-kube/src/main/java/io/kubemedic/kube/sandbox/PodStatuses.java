package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The status a kubelet would write for a pod, healthy or under its faults: phase, conditions (with transition times
 * kept while a condition does not change), container and init-container statuses (see {@link ContainerStates}),
 * host and pod IPs. Built from the kubelet's memory ({@link PodHistory}), so the same situation gives the same
 * status and nothing is rewritten without a change.
 */
final class PodStatuses {

    private PodStatuses() {
    }

    static PodStatus of(Pod pod, String hostIP, PodHistory history, List<ActiveFault> holding, Instant now) {
        List<ContainerStatus> init = new ArrayList<>();
        List<ContainerStatus> app = new ArrayList<>();
        List<String> incompleteInit = new ArrayList<>();
        boolean initBlocked = false;
        List<Container> initContainers = Objects.requireNonNullElse(pod.getSpec().getInitContainers(), List.of());
        for (int i = 0; i < initContainers.size(); i++) {
            Container c = initContainers.get(i);
            ActiveFault effect = initBlocked ? null : effect(holding, c.getName(), i == 0, FaultType.Scope.INIT_CONTAINER);
            if (initBlocked) {
                init.add(ContainerStates.initWaiting(c, "PodInitializing"));
                incompleteInit.add(c.getName());
                continue;
            }
            ActiveFault crash = history.advance("init:" + c.getName(), effect, List.of(), now);
            if (crash != null) {
                init.add(ContainerStates.crashing(pod, c, history.track("init:" + c.getName()), crash));
                incompleteInit.add(c.getName());
                initBlocked = true;
            } else {
                init.add(ContainerStates.completed(pod, c, history.started));
            }
        }
        List<String> unready = new ArrayList<>();
        boolean failed = false;
        boolean anyRunning = false;
        List<Container> containers = pod.getSpec().getContainers();
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            ContainerStatus s;
            if (initBlocked) {
                s = ContainerStates.waiting(c, "PodInitializing", null);
            } else {
                boolean first = i == 0;
                ActiveFault effect = effect(holding, c.getName(), first, FaultType.Scope.CONTAINER);
                List<ActiveFault> past = holding.stream().filter(a -> a.past() && aims(a, c.getName(), first, FaultType.Scope.CONTAINER)).toList();
                ActiveFault crash = history.advance(c.getName(), effect == null || effect.past() ? null : effect, past, now);
                s = ContainerStates.of(pod, c, history.track(c.getName()), crash != null ? crash : effect == null || effect.past() ? null : effect);
                failed |= crash != null && "Never".equals(pod.getSpec().getRestartPolicy());
            }
            PodHistory.Track track = history.track(c.getName());
            track.everRan |= s.getState().getRunning() != null;
            // as the kubelet's getPhase: a container waiting to restart after it terminated counts as started, so a pod
            // in CrashLoopBackOff is Running (restartPolicy Always), not Pending, even if it never ran for long
            anyRunning |= s.getState().getRunning() != null || s.getState().getTerminated() != null || track.everRan
                    || s.getLastState() != null && s.getLastState().getTerminated() != null;
            if (!Boolean.TRUE.equals(s.getReady())) {
                unready.add(c.getName());
            }
            app.add(s);
        }
        boolean ready = unready.isEmpty();
        String phase = failed ? "Failed" : initBlocked || !anyRunning ? "Pending" : "Running";
        PodStatus previous = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        List<PodCondition> conditions = List.of(
                condition(previous, "Initialized", incompleteInit.isEmpty(), "ContainersNotInitialized", "containers with incomplete status: " + incompleteInit, now),
                condition(previous, "Ready", ready, "ContainersNotReady", "containers with unready status: " + unready, now),
                condition(previous, "ContainersReady", ready, "ContainersNotReady", "containers with unready status: " + unready, now),
                scheduled(previous, now));
        String podIP = podIP(hostIP, pod.getMetadata().getUid());
        return new PodStatusBuilder().withPhase(phase).withConditions(conditions).withHostIP(hostIP).withPodIP(podIP)
                .withPodIPs(new PodIPBuilder().withIp(podIP).build()).withStartTime(time(history.started))
                .withInitContainerStatuses(init.isEmpty() ? null : init).withContainerStatuses(app)
                .withQosClass(previous.getQosClass() != null ? previous.getQosClass() : SandboxPods.qosClass(pod)).build();
    }

    /** The fault that decides a container's state: the strongest one aimed at it. */
    private static ActiveFault effect(List<ActiveFault> holding, String container, boolean first, FaultType.Scope scope) {
        return holding.stream().filter(a -> !a.past() && aims(a, container, first, scope)).min(Comparator.comparingInt(PodStatuses::rank)).orElse(null);
    }

    static boolean aims(ActiveFault a, String container, boolean first, FaultType.Scope scope) {
        return a.fault.type().scope() == scope && (a.fault.container() == null ? first : a.fault.container().equals(container));
    }

    private static int rank(ActiveFault a) {
        return switch (a.fault.type()) {
            case CREATE_CONTAINER_CONFIG_ERROR -> 0;
            case IMAGE_PULL -> 1;
            case OOM_KILL, INIT_CRASH_LOOP -> 2;
            case CRASH_LOOP -> 3;
            case PROBE_FAILURE -> 4;
            default -> 5;
        };
    }

    private static PodCondition condition(PodStatus previous, String type, boolean ok, String reason, String message, Instant now) {
        String status = ok ? "True" : "False";
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(ok ? null : reason).withMessage(ok ? null : message)
                .withLastProbeTime(null).withLastTransitionTime(since(previous, type, status, now)).build();
    }

    /** PodScheduled as the scheduler (binding) wrote it; True since now if it did not. */
    private static PodCondition scheduled(PodStatus previous, Instant now) {
        return conditions(previous).stream().filter(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus())).findFirst()
                .orElseGet(() -> new PodConditionBuilder().withType("PodScheduled").withStatus("True").withLastTransitionTime(time(now)).build());
    }

    private static String since(PodStatus previous, String type, String status, Instant now) {
        return conditions(previous).stream().filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(PodCondition::getLastTransitionTime).findFirst().orElse(time(now));
    }

    private static List<PodCondition> conditions(PodStatus s) {
        return s.getConditions() == null ? List.of() : s.getConditions();
    }

    /** Kubernetes times: RFC 3339 in UTC, whole seconds, as the API server stores them. */
    static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String podIP(String hostIP, String uid) {
        String[] host = hostIP.split("\\.");
        int last = Math.floorMod(Objects.hashCode(uid), 250) + 2;
        return "10.244." + host[2] + "." + last;
    }
}
