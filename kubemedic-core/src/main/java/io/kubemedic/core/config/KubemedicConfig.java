package io.kubemedic.core.config;

import io.fabric8.kubernetes.api.model.Quantity;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Immutable, validated settings. Built from defaults, then a config file's values, then command-line overrides,
 * each a flat {@code key -> text} map; an unknown key or bad value fails at start with the key in the message.
 */
public final class KubemedicConfig {

    private static final String SYSTEM_NAMESPACE = "kube-system";

    private final Map<Option<?>, Object> values;

    private KubemedicConfig(Map<Option<?>, Object> values) {
        this.values = Map.copyOf(values);
    }

    public static KubemedicConfig defaults() {
        return from(Map.of());
    }

    /** Reads raw settings; later maps override earlier ones. */
    @SafeVarargs
    public static KubemedicConfig from(Map<String, String>... layers) {
        Map<Option<?>, Object> v = new HashMap<>();
        for (Option<?> o : Options.ALL) {
            v.put(o, o.defaultValue());
        }
        for (Map<String, String> layer : layers) {
            for (Map.Entry<String, String> e : layer.entrySet()) {
                Option<?> o = Options.byKey(e.getKey());
                v.put(o, o.parse(e.getValue()));
            }
        }
        return new KubemedicConfig(v);
    }

    /** A copy with some settings changed, e.g. the sandbox switching to enforce. */
    public KubemedicConfig with(Map<String, String> overrides) {
        Map<Option<?>, Object> v = new HashMap<>(values);
        overrides.forEach((k, raw) -> {
            Option<?> o = Options.byKey(k);
            v.put(o, o.parse(raw));
        });
        return new KubemedicConfig(v);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Option<T> option) {
        return (T) values.get(option);
    }

    public Options.Mode mode() { return get(Options.MODE); }
    public boolean enforce() { return mode() == Options.Mode.ENFORCE; }
    public List<String> allowedNamespaces() { return get(Options.NAMESPACES_ALLOW); }
    public List<String> deniedNamespaces() { return get(Options.NAMESPACES_DENY); }
    public LabelQuery nodesSelector() { return get(Options.NODES_SELECTOR); }
    /** No namespace allow-list: Kubemedic watches the whole cluster and may act on cluster-scoped objects (Nodes). */
    public boolean clusterScope() { return allowedNamespaces().isEmpty(); }
    public boolean killSwitch() { return get(Options.KILL_SWITCH); }
    public Duration cooldown() { return get(Options.COOLDOWN); }
    public int rateLimitGlobal() { return get(Options.RATE_LIMIT_GLOBAL); }
    public int rateLimitPerNamespace() { return get(Options.RATE_LIMIT_NAMESPACE); }
    public int maxUnavailable() { return get(Options.MAX_UNAVAILABLE); }
    public int memoryRaisePercent() { return get(Options.MEMORY_RAISE_PERCENT); }
    public Quantity memoryMinIncrement() { return get(Options.MEMORY_MIN_INCREMENT); }
    public Quantity memoryCeiling() { return get(Options.MEMORY_CEILING); }
    public int flapThreshold() { return get(Options.FLAP_THRESHOLD); }
    public Duration flapWindow() { return get(Options.FLAP_WINDOW); }
    public double stormThreshold() { return get(Options.STORM_THRESHOLD); }
    public int stormMinWorkloads() { return get(Options.STORM_MIN_WORKLOADS); }
    public Duration stormCooldown() { return get(Options.STORM_COOLDOWN); }
    public Duration stormSettle() { return get(Options.STORM_SETTLE); }
    public int httpPort() { return get(Options.HTTP_PORT); }
    public String httpAddress() { return get(Options.HTTP_ADDRESS); }
    public int httpMaxBody() { return get(Options.HTTP_MAX_BODY); }
    public java.util.Map<String, String> alertLabels() { return get(Options.ALERT_LABELS); }
    public Duration remediateWait() { return get(Options.REMEDIATE_WAIT); }
    public String elasticUrl() { return get(Options.ELASTIC_URL); }
    public String elasticApiKeyFile() { return get(Options.ELASTIC_API_KEY_FILE); }
    public String elasticIndex() { return get(Options.ELASTIC_INDEX); }
    public String elasticBacklogDir() { return get(Options.ELASTIC_BACKLOG_DIR); }
    public long elasticBacklogMaxBytes() { return get(Options.ELASTIC_BACKLOG_MAX); }
    public String logPatternsFile() { return get(Options.LOG_PATTERNS_FILE); }
    public boolean approvalRequired() { return get(Options.APPROVAL_REQUIRED); }
    public Duration verifyTimeout() { return get(Options.VERIFY_TIMEOUT); }
    public Duration verifyStableFor() { return get(Options.VERIFY_STABLE_FOR); }
    public Duration verifyPoll() { return get(Options.VERIFY_POLL); }
    public int crashLoopMinRestarts() { return get(Options.CRASH_LOOP_MIN_RESTARTS); }
    public int highRestartCount() { return get(Options.HIGH_RESTART_COUNT); }
    public double memoryPressureRatio() { return get(Options.MEMORY_PRESSURE_RATIO); }
    public Duration evidenceMaxAge() { return get(Options.EVIDENCE_MAX_AGE); }
    public Duration newWorkloadGrace() { return get(Options.NEW_WORKLOAD_GRACE); }
    public Duration pendingGrace() { return get(Options.PENDING_GRACE); }
    public Duration escalationHeldFor() { return get(Options.ESCALATION_HELD_FOR); }
    public String policyFile() { return get(Options.POLICY_FILE); }
    public String auditPath() { return get(Options.AUDIT_PATH); }
    public int workers() { return get(Options.WORKERS); }
    /** all, read-only or no-destructive ({@link Options#MCP_MODES}). */
    public String mcpMode() { return get(Options.MCP_MODE); }
    public List<String> mcpApprovers() { return get(Options.MCP_APPROVERS); }

    /** Whether Kubemedic may act in this namespace at all (cluster-scoped targets pass). */
    public boolean namespaceAllowed(String namespace) {
        if (namespace == null) {
            return true;
        }
        if (namespaceDenied(namespace)) {
            return false;
        }
        List<String> allow = allowedNamespaces();
        return allow.isEmpty() || allow.contains(namespace);
    }

    /**
     * A namespace in {@code namespaces.deny} is never acted in, even when {@code namespaces.allow} names it too (the
     * stricter setting wins); only the built-in entry {@code kube-system} is lifted by naming it in the allow list.
     */
    public boolean namespaceDenied(String namespace) {
        return deniedNamespaces().contains(namespace) && !(SYSTEM_NAMESPACE.equals(namespace) && allowedNamespaces().contains(namespace));
    }

    /** Flattens nested YAML maps into dotted keys: {@code namespaces: {allow: [a]}} becomes {@code namespaces.allow=a}. */
    public static Map<String, String> flatten(Map<String, Object> tree) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", tree, out);
        return out;
    }

    private static void flatten(String prefix, Map<String, Object> tree, Map<String, String> out) {
        tree.forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) m;
                flatten(key, child, out);
            } else if (v instanceof List<?> l) {
                out.put(key, String.join(",", l.stream().map(String::valueOf).toList()));
            } else {
                out.put(key, v == null ? "" : String.valueOf(v));
            }
        });
    }

    /** Settings as written in a file, sorted by key; for logs at start. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        Options.ALL.forEach(o -> {
            Object v = values.get(o);
            out.put(o.key(), v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                    : v instanceof Duration d ? Durations.format(d) : String.valueOf(v));
        });
        return out;
    }
}
