package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plays the default scheduler for the run's pods: binds each pending pod to the least-loaded node of its scenario
 * that passes the scheduler's filters ({@link Placement}): through the {@code pods/binding} subresource on a real
 * server; on the sandbox, whose CRUD store has no binding, by setting {@code spec.nodeName}. A pod that fits nowhere,
 * or that an {@code unschedulable} fault holds, gets PodScheduled=False with the scheduler's message and a
 * FailedScheduling event.
 */
final class Scheduler {

    /** Oldest first, as the scheduler's queue takes them. */
    private static final Comparator<Pod> ORDER = Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getMetadata().getName());

    /** How long a node may take to report Ready before pods are placed without waiting for it. */
    private static final Duration REGISTRATION = Duration.ofSeconds(20);

    private final KubernetesClient client;
    private final boolean real;
    private final Map<String, ScenarioRun> runs = new HashMap<>();
    private final PodEvents events;
    /** Nodes seen Ready at least once: a scenario's pods wait until all its nodes have registered, as on a cluster that was up first. */
    private final Set<String> registered = new HashSet<>();
    /** How long a binding this scheduler made may stay unseen in the view before the pod is placed again (a lost write). */
    private static final Duration BIND_SEEN_WITHIN = Duration.ofSeconds(5);

    private record Binding(String node, Instant at) {
    }

    /** Pods this scheduler bound whose binding the view may not show yet: not bound twice, and counted where they went. */
    private final Map<String, Binding> justBound = new HashMap<>();

    Scheduler(KubernetesClient client, boolean real, List<ScenarioRun> runs) {
        this.client = client;
        this.real = real;
        runs.forEach(r -> this.runs.put(r.namespace, r));
        this.events = new PodEvents(client);
    }

    void reconcile(ClusterView view, Faults faults, Instant now) {
        Placement placement = null;
        for (Pod pod : view.pods().stream().sorted(ORDER).toList()) {
            ScenarioRun run = runs.get(pod.getMetadata().getNamespace());
            if (run == null || pod.getMetadata().getDeletionTimestamp() != null || terminal(pod)) {
                continue;
            }
            String bound = pod.getSpec().getNodeName();
            if (bound != null && (real || run.nodes.containsValue(bound))) {
                continue;
            }
            if (faults.holdsBack(pod, view, now)) {
                faults.unschedulable(pod, view, now).ifPresent(a -> unschedulable(pod,
                        a.fault.param("message", "0/" + run.nodes.size() + " nodes are available: " + run.nodes.size() + " Insufficient cpu."), now));
                continue;
            }
            if (!allRegistered(run, view, now)) {
                continue;
            }
            Binding recent = justBound.get(pod.getMetadata().getUid());
            if (recent != null && now.isBefore(recent.at().plus(BIND_SEEN_WITHIN))) {
                continue; // bound a moment ago; the watch has not shown it yet
            }
            if (placement == null) {
                Placement fresh = new Placement(view);
                justBound.forEach((uid, b) -> view.pods().stream().filter(p -> uid.equals(p.getMetadata().getUid())).findFirst()
                        .ifPresent(p -> fresh.assume(p, b.node())));
                placement = fresh;
            }
            List<Node> candidates = run.nodes.values().stream().map(view::node).flatMap(Optional::stream).toList();
            Optional<Node> chosen = placement.choose(pod, candidates);
            if (chosen.isPresent()) {
                bind(pod, chosen.get().getMetadata().getName(), now);
                justBound.put(pod.getMetadata().getUid(), new Binding(chosen.get().getMetadata().getName(), now));
                placement.assume(pod, chosen.get().getMetadata().getName());
            } else if (bound == null) {
                unschedulable(pod, placement.why(pod, candidates), now);
            }
        }
        events.retain(view.pods().stream().map(p -> p.getMetadata().getUid()).collect(java.util.stream.Collectors.toSet()));
        // forget a binding once the view shows it (or the pod is gone)
        Set<String> unboundInView = view.pods().stream().filter(p -> p.getSpec().getNodeName() == null).map(p -> p.getMetadata().getUid())
                .collect(java.util.stream.Collectors.toSet());
        justBound.keySet().retainAll(unboundInView);
    }

    /**
     * Whether every node of the run has registered (been Ready once, or exists for longer than {@link #REGISTRATION}),
     * so that the first pods are spread over all of them instead of landing on whichever node the view showed Ready first.
     */
    private boolean allRegistered(ScenarioRun run, ClusterView view, Instant now) {
        for (String name : run.nodes.values()) {
            if (registered.contains(name)) {
                continue;
            }
            Optional<Node> node = view.node(name);
            if (node.isPresent() && ((Nodes.ready(node.get()) && !taintedNotReady(node.get())) || createdBefore(node.get(), now.minus(REGISTRATION)))) {
                registered.add(name);
            } else {
                return false;
            }
        }
        return true;
    }

    /**
     * A real node lifecycle controller taints a new node not-ready until it has observed it Ready (every
     * node-monitor-period, 5 s): until then the scheduler may not place pods there, so nodes come free one by one.
     */
    private static boolean taintedNotReady(Node node) {
        return node.getSpec() != null && node.getSpec().getTaints() != null && node.getSpec().getTaints().stream()
                .anyMatch(t -> "node.kubernetes.io/not-ready".equals(t.getKey()) || "node.kubernetes.io/unreachable".equals(t.getKey()));
    }

    private static boolean createdBefore(Node node, Instant instant) {
        String created = node.getMetadata().getCreationTimestamp();
        return created != null && Instant.parse(created).isBefore(instant);
    }

    private static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private void bind(Pod pod, String node, Instant now) {
        String ns = pod.getMetadata().getNamespace();
        if (real) {
            Writes.quietly(() -> client.bindings().inNamespace(ns).resource(new BindingBuilder().withNewMetadata().withName(pod.getMetadata().getName())
                    .withNamespace(ns).endMetadata().withNewTarget().withApiVersion("v1").withKind("Node").withName(node).endTarget().build()).create());
            return;
        }
        // the CRUD store has no binding subresource (and the controller emulator may have placed the pod outside its scenario's nodes)
        Writes.quietly(() -> client.pods().inNamespace(ns).withName(pod.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"nodeName\":\"" + node + "\"}}"));
        PodCondition scheduled = new PodConditionBuilder().withType("PodScheduled").withStatus("True").withLastTransitionTime(PodStatuses.time(now)).build();
        Writes.quietly(() -> client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).editStatus(p ->
                new PodBuilder(p).withStatus(new PodStatusBuilder(p.getStatus() == null ? new PodStatus() : p.getStatus())
                        .withPhase("Pending").withConditions(scheduled).build()).build()));
    }

    /** PodScheduled=False with the scheduler's message, written only when the message changes. */
    private void unschedulable(Pod pod, String message, Instant now) {
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        boolean same = status.getConditions() != null && status.getConditions().stream().anyMatch(c -> "PodScheduled".equals(c.getType())
                && "False".equals(c.getStatus()) && message.equals(c.getMessage()));
        if (!same) {
            PodCondition condition = new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                    .withMessage(message).withLastTransitionTime(PodStatuses.time(now)).build();
            PodStatus desired = new PodStatusBuilder(status).withPhase("Pending").withConditions(condition).build();
            Writes.quietly(() -> client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(new PodBuilder(pod).withStatus(desired).build())
                    .updateStatus());
        }
        events.failedScheduling(pod, message, now);
    }
}
