package io.kubemedic.core.decision;

import io.kubemedic.core.config.ConfigException;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.FindingType;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The declarative policy: an ordered list of rules, and the alerts that map to their findings, read from YAML.
 * Loading validates everything up front and names the rule and field at fault, so a bad policy fails at start rather
 * than in the middle of an incident.
 */
public record Policy(List<Rule> rules, List<AlertRoute> alerts) {

    private static final String DEFAULT_RESOURCE = "/io/kubemedic/core/default-policy.yaml";
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    public Policy {
        rules = List.copyOf(rules);
        alerts = List.copyOf(alerts);
    }

    public Policy(List<Rule> rules) {
        this(rules, List.of());
    }

    /** The route for an alert by name, if the policy maps it. */
    public java.util.Optional<AlertRoute> alert(String alertname) {
        return alerts.stream().filter(a -> a.alertname().equals(alertname)).findFirst();
    }

    /** The built-in policy shipped with Kubemedic. */
    public static Policy defaults() {
        try (InputStream in = Policy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in policy missing from the classpath: " + DEFAULT_RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in default policy");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in policy", e);
        }
    }

    public static Policy load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read policy file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses policy YAML; {@code source} names the file in error messages. */
    public static Policy parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (RuntimeException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.path("rules").isArray()) {
            throw new ConfigException(source + ": expected a top-level 'rules:' list");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode node : root.path("rules")) {
            Rule rule = rule(node, source + ": rules[" + index++ + "]");
            if (!names.add(rule.name())) {
                throw new ConfigException(source + ": rule name '" + rule.name() + "' appears twice");
            }
            rules.add(rule);
        }
        List<AlertRoute> alerts = alerts(root.path("alerts"), source);
        for (AlertRoute a : alerts) {
            if (rules.stream().noneMatch(r -> r.finding() == a.finding())) {
                throw new ConfigException(source + ": alert '" + a.alertname() + "' maps to " + a.finding() + ", but no rule handles that finding");
            }
        }
        return new Policy(rules, alerts);
    }

    private static List<AlertRoute> alerts(JsonNode list, String source) {
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new ConfigException(source + ": 'alerts:' must be a list of {alertname, finding, evidence}");
        }
        List<AlertRoute> routes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode node : list) {
            String where = source + ": alerts[" + index++ + "]";
            String name = text(node, "alertname", where);
            FindingType finding = finding(node, where + " (" + name + ")");
            String evidence = node.path("evidence").asString("cluster");
            if (!evidence.equals("cluster") && !evidence.equals("alert")) {
                throw new ConfigException(where + " (" + name + "): evidence must be cluster or alert, got '" + evidence + "'");
            }
            if (!names.add(name)) {
                throw new ConfigException(source + ": alert '" + name + "' is mapped twice");
            }
            routes.add(new AlertRoute(name, finding, evidence.equals("alert")));
        }
        return routes;
    }

    private static FindingType finding(JsonNode node, String at) {
        try {
            return FindingType.valueOf(text(node, "finding", at));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + ": unknown finding '" + node.path("finding").asString() + "'; known: "
                    + Arrays.toString(FindingType.values()));
        }
    }

    private static Rule rule(JsonNode node, String where) {
        String name = text(node, "name", where);
        String at = where + " (" + name + ")";
        FindingType finding = finding(node, at);
        JsonNode ladder = node.path("ladder");
        if (!ladder.isArray() || ladder.isEmpty()) {
            throw new ConfigException(at + ": 'ladder' must be a non-empty list of actions");
        }
        List<Rung> rungs = new ArrayList<>();
        Set<String> rungNames = new HashSet<>();
        for (JsonNode r : ladder) {
            Rung rung = rung(r, at);
            if (!r.has("name")) {
                int n = 2;
                String base = rung.name();
                while (rungNames.contains(rung.name())) {
                    rung = new Rung(base + "-" + n++, rung.action(), rung.automatic(), rung.when(), rung.params());
                }
            } else if (rungNames.contains(rung.name())) {
                throw new ConfigException(at + ": rung name '" + rung.name() + "' appears twice in the ladder");
            }
            rungNames.add(rung.name());
            rungs.add(rung);
        }
        int minRestarts = node.has("minRestarts") ? node.path("minRestarts").asInt(-1) : -1;
        String onBlocked = node.path("onBudgetBlocked").asString("hold");
        if (!onBlocked.equals("hold") && !onBlocked.equals("climb")) {
            throw new ConfigException(at + ": onBudgetBlocked must be hold or climb, got '" + onBlocked + "'");
        }
        return new Rule(name, finding, minRestarts, rungs, onBlocked.equals("climb"));
    }

    private static Rung rung(JsonNode node, String where) {
        try {
            if (node.isString()) {
                return new Rung(ActionType.fromPolicyName(node.asString()), false, null, Map.of());
            }
            ActionType action = ActionType.fromPolicyName(text(node, "action", where));
            Rung.Condition when = node.has("when") ? Rung.Condition.parse(node.path("when").asString()) : null;
            Map<String, String> params = new LinkedHashMap<>();
            node.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asString()));
            String rungName = node.has("name") ? text(node, "name", where) : null;
            return new Rung(rungName, action, node.path("automatic").asBoolean(false), when, params);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.path(field);
        if (!v.isString() || v.asString().isBlank()) {
            throw new ConfigException(where + ": missing '" + field + "'");
        }
        return v.asString();
    }
}
