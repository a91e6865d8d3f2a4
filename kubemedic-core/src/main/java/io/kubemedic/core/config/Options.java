package io.kubemedic.core.config;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every setting Kubemedic reads, with its default. The only place option keys are spelled. */
public final class Options {

    /** The parts of an alert's labels that name its target (alerts.labels). */
    private static final List<String> LABEL_ROLES = List.of("namespace", "pod", "deployment", "statefulset", "container", "node");

    public enum Mode {
        DRY_RUN, ENFORCE;

        public static Mode parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "dry-run", "dryrun", "dry_run" -> DRY_RUN;
                case "enforce" -> ENFORCE;
                default -> throw new IllegalArgumentException("expected dry-run or enforce");
            };
        }

        public String text() {
            return this == DRY_RUN ? "dry-run" : "enforce";
        }
    }

    public static final Option<Mode> MODE = new Option<>("mode", "dry-run|enforce", Mode.DRY_RUN,
            "dry-run records every decision exactly as enforce would, marked not executed; enforce acts. The sandbox runs in enforce.",
            Mode::parse);
    public static final Option<List<String>> NAMESPACES_ALLOW = new Option<>("namespaces.allow", "list", List.of(),
            "Namespaces Kubemedic may watch and act in; empty means all namespaces not denied.", Options::list);
    public static final Option<List<String>> NAMESPACES_DENY = new Option<>("namespaces.deny", "list", List.of("kube-system"),
            "Namespaces never acted in, even when namespaces.allow names them (the stricter setting wins); only kube-system, denied by default, is lifted by naming it in namespaces.allow.", Options::list);
    public static final Option<LabelQuery> NODES_SELECTOR = new Option<>("nodes.selector", "label selector", LabelQuery.everything(),
            "Nodes Kubemedic watches and may act on (e.g. pool=general or kubernetes.io/hostname in (a,b)); empty means all. Sent with the node watch and"
                    + " enforced by Kubemedic itself. Nodes are cluster-scoped: only a run without namespaces.allow acts on them.",
            LabelQuery::parse);
    public static final Option<Boolean> KILL_SWITCH = new Option<>("killSwitch", "boolean", false,
            "Stops every action at once; decisions are still recorded.", Options::bool);
    public static final Option<Duration> COOLDOWN = new Option<>("cooldown", "duration", Duration.ofMinutes(10),
            "Minimum time between two actions on the same target (the next rung of one incident's ladder is exempt).", Durations::parse);
    public static final Option<Integer> RATE_LIMIT_GLOBAL = new Option<>("rateLimit.global", "int", 30,
            "Maximum actions per hour across the cluster.", Integer::parseInt);
    public static final Option<Integer> RATE_LIMIT_NAMESPACE = new Option<>("rateLimit.perNamespace", "int", 10,
            "Maximum actions per hour in any one namespace.", Integer::parseInt);
    public static final Option<Integer> MAX_UNAVAILABLE = new Option<>("blastRadius.maxUnavailable", "int", 1,
            "Most pods of one workload Kubemedic will have down at a time (evictions also honour PodDisruptionBudgets).", Integer::parseInt);
    public static final Option<Integer> MEMORY_RAISE_PERCENT = new Option<>("memory.raisePercent", "int", 25,
            "How much a memory raise adds to the current limit, in percent.", Integer::parseInt);
    public static final Option<Quantity> MEMORY_MIN_INCREMENT = new Option<>("memory.minIncrement", "quantity", new Quantity("100Mi"),
            "Smallest memory raise (as VPA does, so small limits do not creep up 25 % at a time).", Options::quantity);
    public static final Option<Quantity> MEMORY_CEILING = new Option<>("memory.ceiling", "quantity", new Quantity("4Gi"),
            "No memory raise goes above this limit (nor above the namespace LimitRange max).", Options::quantity);
    public static final Option<Integer> FLAP_THRESHOLD = new Option<>("flap.threshold", "int", 3,
            "The same fix on the same target this many times within flap.window escalates instead of repeating.", Integer::parseInt);
    public static final Option<Duration> FLAP_WINDOW = new Option<>("flap.window", "duration", Duration.ofHours(1),
            "Window for flap detection.", Durations::parse);
    public static final Option<Double> STORM_THRESHOLD = new Option<>("storm.threshold", "ratio", 0.5,
            "Share of watched workloads unhealthy at once above which acting stops and incidents escalate.", Options::ratio);
    public static final Option<Integer> STORM_MIN_WORKLOADS = new Option<>("storm.minWorkloads", "int", 10,
            "Storm mode only applies when at least this many workloads are watched.", Integer::parseInt);
    public static final Option<Duration> STORM_COOLDOWN = new Option<>("storm.cooldown", "duration", Duration.ofMinutes(5),
            "After a storm, acting resumes only once the share has stayed below the threshold this long.", Durations::parse);
    public static final Option<Duration> STORM_SETTLE = new Option<>("storm.settle", "duration", Duration.ofSeconds(5),
            "A new incident's first action waits until the incident is this old, so failures that begin together are seen together"
                    + " (storm mode, budgets, sibling replicas) before anything is done; 0s acts at once.", Durations::parse);
    public static final Option<Boolean> APPROVAL_REQUIRED = new Option<>("approval.required", "boolean", true,
            "Destructive actions that the policy does not mark automatic wait for approval.", Options::bool);
    public static final Option<Duration> VERIFY_TIMEOUT = new Option<>("verify.timeout", "duration", Duration.ofSeconds(120),
            "How long an action has to take effect before the next rung of the ladder.", Durations::parse);
    public static final Option<Duration> VERIFY_STABLE_FOR = new Option<>("verify.stableFor", "duration", Duration.ofSeconds(10),
            "The target must stay healthy this long after an action before the incident counts as healed; longer (1.5 times, up to half"
                    + " verify.timeout) when the failing containers used to run longer than this before they crashed.", Durations::parse);
    public static final Option<Duration> VERIFY_POLL = new Option<>("verify.pollInterval", "duration", Duration.ofSeconds(2),
            "How often an unfinished verification is re-checked when no watch event arrives.", Durations::parse);
    public static final Option<Integer> CRASH_LOOP_MIN_RESTARTS = new Option<>("diagnosis.crashLoopMinRestarts", "int", 3,
            "A crash loop is acted on once a container restarted more than this many times.", Integer::parseInt);
    public static final Option<Integer> HIGH_RESTART_COUNT = new Option<>("diagnosis.highRestartCount", "int", 10,
            "Restart count from which a running container is reported as restarting too often.", Integer::parseInt);
    public static final Option<Double> MEMORY_PRESSURE_RATIO = new Option<>("diagnosis.memoryPressureRatio", "ratio", 0.7,
            "Memory usage at or above this share of the limit is memory pressure.", Options::ratio);
    public static final Option<Duration> NEW_WORKLOAD_GRACE = new Option<>("diagnosis.newWorkloadGrace", "duration", Duration.ofSeconds(15),
            "A workload created less than this long ago is not held to the single-replica rule yet: its autoscaler, budget and rollout are usually created with it, seconds apart.",
            Durations::parse);
    public static final Option<Duration> PENDING_GRACE = new Option<>("diagnosis.pendingGrace", "duration", Duration.ofSeconds(20),
            "A pod the scheduler cannot place becomes an incident once it has been unschedulable this long (schedulers retry, new nodes are briefly tainted not-ready, autoscalers add capacity).",
            Durations::parse);
    public static final Option<Duration> EVIDENCE_MAX_AGE = new Option<>("diagnosis.evidenceMaxAge", "duration", Duration.ofHours(1),
            "A container termination (OOM kill, crash) older than this is history, not evidence: it triggers nothing, so a first start on a cluster with old OOMs acts on none of them.",
            Durations::parse);
    public static final Option<Duration> ESCALATION_HELD_FOR = new Option<>("escalation.heldFor", "duration", Duration.ofMinutes(2),
            "A target that stays broken while its next step is held (cooldown, rate limit, PodDisruptionBudget, unreadable input) this long is escalated, so a human hears of it; Kubemedic still acts once the hold clears.",
            Durations::parse);
    public static final Option<String> POLICY_FILE = new Option<>("policy.file", "path", "",
            "Policy YAML; empty uses the built-in default policy (docs/policy.md).", s -> s);
    public static final Option<String> AUDIT_PATH = new Option<>("audit.path", "path", "./data/kubemedic.db",
            "SQLite file of the audit trail (created with its folder).", s -> s);
    public static final Option<Integer> WORKERS = new Option<>("engine.workers", "int", 4,
            "Worker threads; one target is never processed by two at once.", Integer::parseInt);
    public static final Option<Integer> HTTP_PORT = new Option<>("http.port", "int", 8080,
            "Port of the HTTP API (alerts, the workflow bridge, health); 0 picks a free one. Bound on http.address.", Options::port);
    public static final Option<String> HTTP_ADDRESS = new Option<>("http.address", "host", "0.0.0.0",
            "Address the HTTP API listens on (127.0.0.1 keeps it on the machine).", s -> s);
    public static final Option<Integer> HTTP_MAX_BODY = new Option<>("http.maxBodyBytes", "int", 1_048_576,
            "Largest request body accepted; larger ones are answered 413.", Integer::parseInt);
    public static final Option<Map<String, String>> ALERT_LABELS = new Option<>("alerts.labels", "role=label list",
            labelRoles(""),
            "Which alert labels name the target: role=label pairs for the roles namespace, pod, deployment, statefulset, container and node"
                    + " (e.g. pod=exported_pod when Prometheus relabels); roles not given keep their default label name.", Options::labelRoles);
    public static final Option<Duration> REMEDIATE_WAIT = new Option<>("remediate.wait", "duration", Duration.ofSeconds(10),
            "How long POST /api/v1/remediate waits for the engine's decision before answering 202 with status queued.", Durations::parse);
    public static final Option<String> ELASTIC_URL = new Option<>("audit.elastic.url", "url", "",
            "Elasticsearch base URL (e.g. https://es.example:9200); when set, every audit record is also indexed there through the bulk API"
                    + " (docs/audit-elasticsearch.md). Empty: no Elasticsearch.", s -> s);
    public static final Option<String> ELASTIC_API_KEY_FILE = new Option<>("audit.elastic.apiKeyFile", "path", "",
            "File holding the Elasticsearch API key (sent as Authorization: ApiKey; never logged).", s -> s);
    public static final Option<String> ELASTIC_INDEX = new Option<>("audit.elastic.index", "name", "self-healing-audit",
            "Index the audit documents go to.", s -> s);
    public static final Option<String> ELASTIC_BACKLOG_DIR = new Option<>("audit.elastic.backlogDir", "path", "./data/elastic-backlog",
            "Folder of the on-disk backlog that keeps documents through an Elasticsearch outage.", s -> s);
    public static final Option<Long> ELASTIC_BACKLOG_MAX = new Option<>("audit.elastic.backlogMaxBytes", "bytes", 64L * 1024 * 1024,
            "Bound of the backlog; beyond it the oldest documents are dropped, counted and logged.", Long::parseLong);

    /** The MCP safety modes, as written in settings; the MCP server maps each to its tool filter. */
    public static final Option<String> LOG_PATTERNS_FILE = new Option<>("logs.patternsFile", "path", "",
            "YAML file of extra log patterns (patterns: [{name, regex, severity, recommendation}]) merged over the built-in set; a name"
                    + " already there replaces it. Used by the analyze_logs and diagnose_pod tools.", s -> s);
    public static final List<String> MCP_MODES = List.of("all", "read-only", "no-destructive");
    public static final Option<String> MCP_MODE = new Option<>("mcp.mode", "all|read-only|no-destructive", "all",
            "Which MCP tools agents see: all; read-only (only tools that never change the cluster); no-destructive (all but the tools that"
                    + " may take something down). Applies to `kubemedic mcp` and to /mcp over HTTP; --read-only and --no-destructive set it.",
            Options::mcpMode);
    public static final Option<List<String>> MCP_APPROVERS = new Option<>("mcp.approvers", "list", List.of(),
            "Caller identities that may approve or reject pending actions over MCP: token:xxxxxxxx (the first 8 hex digits of the bearer"
                    + " token's SHA-256, as the HTTP API names callers) for /mcp, stdio for `kubemedic mcp`. Empty: nobody can approve over MCP,"
                    + " so an action that needs approval stays pending_approval.",
            Options::list);

    public static final List<Option<?>> ALL = List.of(MODE, NAMESPACES_ALLOW, NAMESPACES_DENY, NODES_SELECTOR, KILL_SWITCH, COOLDOWN,
            RATE_LIMIT_GLOBAL, RATE_LIMIT_NAMESPACE, MAX_UNAVAILABLE, MEMORY_RAISE_PERCENT, MEMORY_MIN_INCREMENT,
            MEMORY_CEILING, FLAP_THRESHOLD, FLAP_WINDOW, STORM_THRESHOLD, STORM_MIN_WORKLOADS, STORM_COOLDOWN, STORM_SETTLE,
            APPROVAL_REQUIRED, VERIFY_TIMEOUT, VERIFY_STABLE_FOR, VERIFY_POLL, CRASH_LOOP_MIN_RESTARTS,
            HIGH_RESTART_COUNT, MEMORY_PRESSURE_RATIO, NEW_WORKLOAD_GRACE, PENDING_GRACE, EVIDENCE_MAX_AGE, ESCALATION_HELD_FOR, POLICY_FILE, AUDIT_PATH, WORKERS,
            HTTP_PORT, HTTP_ADDRESS, HTTP_MAX_BODY, ALERT_LABELS, REMEDIATE_WAIT,
            ELASTIC_URL, ELASTIC_API_KEY_FILE, ELASTIC_INDEX, ELASTIC_BACKLOG_DIR, ELASTIC_BACKLOG_MAX, MCP_MODE, MCP_APPROVERS,
            LOG_PATTERNS_FILE);

    private Options() {
    }

    public static Option<?> byKey(String key) {
        return ALL.stream().filter(o -> o.key().equals(key)).findFirst()
                .orElseThrow(() -> new ConfigException("unknown option '" + key + "'; known options: "
                        + ALL.stream().map(Option::key).toList()));
    }

    static List<String> list(String s) {
        return s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    static String mcpMode(String s) {
        String mode = s.trim().toLowerCase(Locale.ROOT);
        if (!MCP_MODES.contains(mode)) {
            throw new IllegalArgumentException("expected one of " + String.join(", ", MCP_MODES));
        }
        return mode;
    }

    static Integer port(String s) {
        int p = Integer.parseInt(s.trim());
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("expected a port between 0 and 65535");
        }
        return p;
    }

    static Map<String, String> labelRoles(String s) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        LABEL_ROLES.forEach(r -> out.put(r, r));
        for (String pair : list(s)) {
            int eq = pair.indexOf('=');
            String role = eq < 0 ? "" : pair.substring(0, eq).trim();
            String label = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (!LABEL_ROLES.contains(role) || label.isEmpty()) {
                throw new IllegalArgumentException("expected role=label pairs with roles " + LABEL_ROLES + ", got '" + pair + "'");
            }
            out.put(role, label);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    static Boolean bool(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    static Double ratio(String s) {
        double d = Double.parseDouble(s);
        if (d < 0 || d > 1) {
            throw new IllegalArgumentException("expected a number between 0 and 1");
        }
        return d;
    }

    static Quantity quantity(String s) {
        Quantity q = Quantity.parse(s);
        if (Quantity.getAmountInBytes(q).compareTo(BigDecimal.ZERO) <= 0) {
            throw new IllegalArgumentException("expected a positive quantity such as 512Mi");
        }
        return q;
    }
}
