package io.kubemedic.app.demo;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.ConfigException;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.config.Option;
import io.kubemedic.core.config.Options;
import io.kubemedic.core.decision.Policy;
import io.kubemedic.kube.sandbox.Scenario;
import io.kubemedic.kube.sandbox.ScenarioPlayer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Kubemedic per scenario, each scoped to what its scenario may touch, so scenarios neither see nor disturb one
 * another (nor share a storm count or a budget), and each can carry its own {@code config} and {@code policy}:
 * <ul>
 *   <li>a scenario about workloads gets a namespaced run: {@code namespaces.allow} = its namespace, unless its
 *       {@code config} sets its own {@code namespaces.allow} / {@code namespaces.deny} (kept, its namespace translated);</li>
 *   <li>a scenario about nodes needs cluster scope (a namespaced run never touches a node): no allow-list, every other
 *       namespace on the server denied, and {@code nodes.selector} naming only its own faulted nodes;</li>
 *   <li>a scenario whose namespace the demo's own settings leave out of scope ({@code --set namespaces.allow=…} or
 *       {@code namespaces.deny}) gets no Kubemedic at all: that is what being out of scope means.</li>
 * </ul>
 */
final class DemoEngines implements AutoCloseable {

    private static final List<String> SYSTEM_NAMESPACES = List.of("kube-system", "kube-public", "kube-node-lease", "default");

    private final List<Kubemedic> engines = new ArrayList<>();

    /** Builds (does not start) the engines; a bad scenario config or policy fails here, naming the scenario. */
    DemoEngines(KubemedicConfig base, List<Scenario> scenarios, ScenarioPlayer player, KubernetesClient client, AuditStore audit,
                Kubemedic.Timing timing, Clock clock, EngineListener listener) {
        Set<String> all = new LinkedHashSet<>(SYSTEM_NAMESPACES);
        scenarios.forEach(s -> all.add(player.namespaceOf(s.name())));
        for (Scenario s : scenarios) {
            scope(base, s, player, all, client).ifPresent(settings -> {
                KubemedicConfig config;
                Policy policy;
                try {
                    config = base.with(settings);
                    policy = s.policy() == null ? (base.policyFile().isBlank() ? Policy.defaults() : Policy.load(java.nio.file.Path.of(base.policyFile())))
                            : Policy.parse(s.policy(), s.source() + ": policy");
                } catch (ConfigException e) {
                    throw new ConfigException(s.source() + ": " + e.getMessage(), e);
                }
                engines.add(new Kubemedic(client, config, policy, audit, timing, clock, listener));
            });
        }
    }

    void start(Kubemedic.Timing timing) {
        engines.forEach(e -> e.start(timing));
    }

    int size() {
        return engines.size();
    }

    /**
     * The scenario engine's settings: the scenario's {@code config} and its scope; empty when it is out of scope. The
     * scenario's own {@code namespaces.allow} and {@code namespaces.deny} are kept, its namespace named by its file's
     * name (on a real server it gets the run's suffix); what they leave unsaid is filled in so the engine sees its
     * scenario only.
     */
    private static Optional<Map<String, String>> scope(KubemedicConfig base, Scenario s, ScenarioPlayer player, Set<String> known,
                                                       KubernetesClient client) {
        String ns = player.namespaceOf(s.name());
        if (!base.namespaceAllowed(ns)) {
            return Optional.empty();
        }
        Map<String, String> settings = new LinkedHashMap<>(s.config());
        Optional<List<String>> allow = listed(settings, Options.NAMESPACES_ALLOW, s, ns);
        Optional<List<String>> deny = listed(settings, Options.NAMESPACES_DENY, s, ns);
        if (aboutNodes(s) || allow.map(List::isEmpty).orElse(false)) {
            // cluster scope: every other namespace on the server is denied, so the engine sees its scenario only
            Set<String> denied = new LinkedHashSet<>(known);
            client.namespaces().list().getItems().stream().map(Namespace::getMetadata).map(m -> m.getName()).forEach(denied::add);
            denied.remove(ns);
            deny.ifPresent(denied::addAll);
            settings.put("namespaces.allow", "");
            settings.put("namespaces.deny", String.join(",", denied));
            if (aboutNodes(s)) {
                List<String> nodes = s.faults().stream().filter(f -> f.target().isNode()).map(f -> player.nodeName(s.name(), f.target().name()))
                        .distinct().toList();
                settings.put("nodes.selector", "kubernetes.io/hostname in (" + String.join(",", nodes) + ")");
            }
        } else {
            settings.put("namespaces.allow", String.join(",", allow.orElse(List.of(ns))));
            deny.ifPresent(d -> settings.put("namespaces.deny", String.join(",", d)));
        }
        return Optional.of(settings);
    }

    /** A namespace list the scenario sets, its own namespace translated to where it really plays; empty when unset. */
    private static Optional<List<String>> listed(Map<String, String> settings, Option<List<String>> option, Scenario s, String ns) {
        String raw = settings.get(option.key());
        if (raw == null) {
            return Optional.empty();
        }
        return Optional.of(option.parse(raw).stream().map(n -> n.equals(s.namespace()) ? ns : n).toList());
    }

    static boolean aboutNodes(Scenario s) {
        return s.expect().target() != null && s.expect().target().isNode() || s.faults().stream().anyMatch(f -> f.target().isNode());
    }

    @Override
    public void close() {
        engines.forEach(Kubemedic::close);
    }
}
