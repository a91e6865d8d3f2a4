package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Events a kubelet and a scheduler emit for a fault (BackOff, Failed, Unhealthy, FailedScheduling), once per
 * pod and fault, with the reasons and message shapes of the real components, so event-reading diagnosis sees what
 * it would see on a cluster.
 */
final class PodEvents {

    private final KubernetesClient client;
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    PodEvents(KubernetesClient client) {
        this.client = client;
    }

    void emit(Pod pod, List<ActiveFault> holding, Instant now) {
        for (ActiveFault a : holding) {
            if (a.past() || !written.add(pod.getMetadata().getUid() + "/" + a.run.name() + "/" + a.index)) {
                continue;
            }
            String container = a.fault.container() != null ? a.fault.container() : first(pod, a.fault.type());
            String image = pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(container)).map(c -> c.getImage()).findFirst().orElse("");
            switch (a.fault.type()) {
                case CRASH_LOOP, OOM_KILL, INIT_CRASH_LOOP -> kubelet(pod, container, "BackOff", "Back-off restarting failed container", 5, now);
                case IMAGE_PULL -> {
                    kubelet(pod, container, "Failed", "Failed to pull image \"" + image + "\": " + a.fault.param("message",
                            "rpc error: code = NotFound desc = failed to pull and unpack image \"" + image + "\": not found"), 3, now);
                    kubelet(pod, container, "BackOff", "Back-off pulling image \"" + image + "\"", 5, now);
                }
                case CREATE_CONTAINER_CONFIG_ERROR -> kubelet(pod, container, "Failed", "Error: " + a.fault.param("message",
                        "configmap \"" + container + "-config\" not found"), 5, now);
                case PROBE_FAILURE -> kubelet(pod, container, "Unhealthy", a.fault.param("message",
                        "Readiness probe failed: HTTP probe failed with statuscode: 503"), 5, now);
                default -> {
                    // memory usage shows in metrics only; scheduling events come from the scheduler
                }
            }
        }
    }

    /** A FailedScheduling event, once per pod and message, as the default scheduler writes it. */
    void failedScheduling(Pod pod, String message, Instant now) {
        if (written.add(pod.getMetadata().getUid() + "/scheduling/" + message)) {
            write(pod, null, "FailedScheduling", message, 1, "default-scheduler", null, now);
        }
    }

    void retain(Set<String> uids) {
        written.removeIf(k -> !uids.contains(k.substring(0, k.indexOf('/'))));
    }

    private void kubelet(Pod pod, String container, String reason, String message, int count, Instant now) {
        write(pod, container, reason, message, count, "kubelet", pod.getSpec().getNodeName(), now);
    }

    private void write(Pod pod, String container, String reason, String message, int count, String component, String host, Instant now) {
        String ns = pod.getMetadata().getNamespace();
        Event e = new EventBuilder().withNewMetadata().withNamespace(ns)
                .withName(pod.getMetadata().getName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)).endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace(ns).withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid()).withFieldPath(container == null ? null : "spec.containers{" + container + "}").endInvolvedObject()
                .withType("Warning").withReason(reason).withMessage(message).withCount(count)
                .withFirstTimestamp(PodStatuses.time(now)).withLastTimestamp(PodStatuses.time(now))
                .withNewSource().withComponent(component).withHost(host).endSource().build();
        Writes.quietly(() -> client.v1().events().inNamespace(ns).resource(e).create());
    }

    private static String first(Pod pod, FaultType type) {
        if (type.scope() == FaultType.Scope.INIT_CONTAINER && pod.getSpec().getInitContainers() != null && !pod.getSpec().getInitContainers().isEmpty()) {
            return pod.getSpec().getInitContainers().getFirst().getName();
        }
        return pod.getSpec().getContainers().getFirst().getName();
    }
}
