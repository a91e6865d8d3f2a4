package io.kubemedic.kube.sandbox;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One scenario as played in one run: the namespace and node names it really got on the server, what it has
 * created, the pods seen since its first fault (for {@code podsUnchanged}) and anything that went wrong in setup
 * or updates (reported as final-state failures, so a broken scenario never passes silently).
 */
final class ScenarioRun {

    /** Labels the player puts on what it creates. */
    static final String RUN_LABEL = "kubemedic.io/run";
    static final String NODE_SET_LABEL = "kubemedic.io/node-set";
    static final String NODE_LABEL = "kubemedic.io/node";
    static final String SCENARIO_LABEL = "kubemedic.io/scenario";

    final Scenario scenario;
    final String namespace;
    /** Logical node name (node-1) → the name on the server. */
    final Map<String, String> nodes;
    /** The value of {@link #NODE_SET_LABEL} on this scenario's nodes: DaemonSets are kept to them. */
    final String nodeSet;
    volatile Instant createdAt;
    /** uid → name of every pod seen alive since the scenario's first fault. */
    final Map<String, String> seenPods = new ConcurrentHashMap<>();
    final List<String> problems = new CopyOnWriteArrayList<>();

    private ScenarioRun(Scenario scenario, String namespace, Map<String, String> nodes, String nodeSet) {
        this.scenario = scenario;
        this.namespace = namespace;
        this.nodes = Collections.unmodifiableMap(nodes);
        this.nodeSet = nodeSet;
    }

    /**
     * Names on the server. On the sandbox the file's namespace and {@code sandbox-node-N}; on a real server a fresh
     * copy ({@code demo-crashloop-x7k2p}) and {@code km-<runId>-node-N}, so runs never collide. A scenario with its own
     * nodes gets them under its namespace's name, so a node fault touches no other scenario.
     */
    static ScenarioRun of(Scenario s, boolean real, String runId) {
        String base = s.namespace().length() > 57 ? s.namespace().substring(0, 57).replaceAll("-+$", "") : s.namespace();
        String namespace = real ? base + "-" + runId : s.namespace();
        String prefix = real ? "km-" + runId : "sandbox";
        Map<String, String> nodes = new LinkedHashMap<>();
        for (String logical : s.nodeNames()) {
            nodes.put(logical, s.ownNodes() ? prefix + "-" + shorten(s.namespace()) + "-" + logical : prefix + "-" + logical);
        }
        return new ScenarioRun(s, namespace, nodes, s.ownNodes() ? shorten(s.namespace()) : "shared");
    }

    /** Keeps node names (and so their Leases) well under the 63-character label limit. */
    private static String shorten(String namespace) {
        return namespace.length() <= 30 ? namespace : namespace.substring(0, 30).replaceAll("-+$", "");
    }

    String name() {
        return scenario.name();
    }

    String realNode(String logical) {
        String real = nodes.get(logical);
        if (real == null) {
            throw new ScenarioException(scenario.source() + ": node '" + logical + "' is not one of the scenario's nodes " + nodes.keySet());
        }
        return real;
    }

    /** The object a scenario target names, as it is called on the server (nodes and the namespace get their real names). */
    Scenario.Target resolve(Scenario.Target t) {
        if (t.isNode()) {
            return new Scenario.Target("Node", realNode(t.name()));
        }
        if (t.isNamespace()) {
            return new Scenario.Target("Namespace", namespace);
        }
        return t;
    }
}
