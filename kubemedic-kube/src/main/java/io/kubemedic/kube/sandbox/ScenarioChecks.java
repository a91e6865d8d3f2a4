package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a scenario's parts fit together: every target, container and node it names exists in the scenario.
 * A fault aimed at a misspelt Deployment would otherwise wait for pods that never come and fail the run with a
 * puzzling "outcome NONE".
 */
final class ScenarioChecks {

    private static final Pattern NAMED_CONTAINER = Pattern.compile("containers\\[name=([^\\]]+)]");

    private ScenarioChecks() {
    }

    static void crossCheck(Scenario s) {
        List<HasMetadata> known = new ArrayList<>(s.objects());
        s.updates().stream().map(Scenario.Update::create).filter(Objects::nonNull).forEach(known::add);
        for (int i = 0; i < s.faults().size(); i++) {
            Scenario.Fault f = s.faults().get(i);
            String where = s.source() + ": faults[" + i + "]";
            node(s, f.target(), where);
            if (f.node() != null && !s.nodeNames().contains(f.node())) {
                throw new ScenarioException(where + ": node '" + f.node() + "' is not one of the scenario's nodes " + s.nodeNames());
            }
            if (!f.target().isNode()) {
                Optional<HasMetadata> target = find(known, f.target());
                if (target.isEmpty() && !statefulSetPod(known, f.target())) {
                    throw new ScenarioException(where + ": target " + f.target() + " is not among the scenario's objects");
                }
                target.ifPresent(o -> container(o, f, where));
            }
        }
        for (int i = 0; i < s.updates().size(); i++) {
            Scenario.Update u = s.updates().get(i);
            String where = s.source() + ": updates[" + i + "]";
            if (u.create() != null || u.target().isNamespace() && u.target().name() == null) {
                continue;
            }
            if (u.target().isNamespace() && !s.namespace().equals(u.target().name())) {
                throw new ScenarioException(where + ": only the scenario's own namespace can change; write 'target: Namespace'");
            }
            node(s, u.target(), where);
            Optional<HasMetadata> target = find(known, u.target());
            if (!u.target().isNode() && !u.target().isNamespace() && target.isEmpty() && !Kinds.known(u.target().kind())) {
                throw new ScenarioException(where + ": " + u.target() + " is of a kind the player does not know; create it in objects first");
            }
            for (Scenario.FieldWrite w : u.writes()) {
                Matcher m = NAMED_CONTAINER.matcher(w.path().toString());
                if (m.find() && target.isPresent() && !containers(target.get(), "containers").contains(m.group(1))) {
                    throw new ScenarioException(where + ": " + u.target() + " has no container '" + m.group(1) + "'; it has "
                            + containers(target.get(), "containers"));
                }
            }
        }
        for (Scenario.Check c : s.expect().finalState()) {
            if (c.object() != null) {
                node(s, c.object(), s.source() + ": expect.finalState");
                if (!Kinds.known(c.object().kind()) && find(known, c.object()).isEmpty()) {
                    throw new ScenarioException(s.source() + ": expect.finalState: cannot read " + c.object() + ": unknown kind");
                }
            }
        }
        for (HasMetadata o : s.objects()) {
            if (o instanceof Pod p && p.getSpec() != null && p.getSpec().getNodeName() != null && !s.nodeNames().contains(p.getSpec().getNodeName())) {
                throw new ScenarioException(s.source() + ": Pod/" + o.getMetadata().getName() + ": spec.nodeName '" + p.getSpec().getNodeName()
                        + "' is not one of the scenario's nodes " + s.nodeNames());
            }
        }
    }

    private static void node(Scenario s, Scenario.Target t, String where) {
        if (t.isNode() && !s.nodeNames().contains(t.name())) {
            throw new ScenarioException(where + ": " + t + " is not one of the scenario's nodes " + s.nodeNames()
                    + (s.ownNodes() ? "" : "; declare the scenario's own nodes under 'nodes:'"));
        }
    }

    private static Optional<HasMetadata> find(List<HasMetadata> known, Scenario.Target t) {
        return known.stream().filter(o -> o.getKind().equals(t.kind()) && o.getMetadata().getName().equals(t.name())).findFirst();
    }

    /** A StatefulSet's pods have stable names ({@code db-0}), so a fault may target one by name. */
    private static boolean statefulSetPod(List<HasMetadata> known, Scenario.Target t) {
        return "Pod".equals(t.kind()) && known.stream().anyMatch(o -> "StatefulSet".equals(o.getKind())
                && t.name().matches(Pattern.quote(o.getMetadata().getName()) + "-\\d+"));
    }

    private static void container(HasMetadata o, Scenario.Fault f, String where) {
        if (f.type().scope() == FaultType.Scope.POD) {
            return;
        }
        String list = f.type().scope() == FaultType.Scope.INIT_CONTAINER ? "initContainers" : "containers";
        List<String> names = containers(o, list);
        if (names.isEmpty()) {
            throw new ScenarioException(where + ": " + f.type().yamlName() + " needs " + list + " in " + f.target() + ", which has none");
        }
        if (f.container() != null && !names.contains(f.container())) {
            throw new ScenarioException(where + ": " + f.target() + " has no " + list + " entry '" + f.container() + "'; it has " + names);
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> containers(HasMetadata o, String list) {
        Map<String, Object> map = ServerObjects.asMap(o);
        String prefix = "Pod".equals(o.getKind()) ? "spec." : "spec.template.spec.";
        Object items = FieldPath.parse(prefix + list).read(map);
        if (!(items instanceof List<?> l)) {
            return List.of();
        }
        return l.stream().map(c -> String.valueOf(((Map<String, Object>) c).get("name"))).toList();
    }
}
