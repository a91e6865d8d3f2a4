package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Reason;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.kubemedic.kube.sandbox.YamlFields.allowOnly;
import static io.kubemedic.kube.sandbox.YamlFields.text;

/**
 * Reads {@code expect}: outcome, actions, reasons, target and the final-state checks. Action, outcome and reason
 * names are checked against Kubemedic's own enums, so a typo fails at load, not as a puzzling failed run.
 * The older single {@code action} and the mapping form of {@code finalState} still load, as their list equivalents.
 */
final class ExpectReader {

    private ExpectReader() {
    }

    static Scenario.Expect expect(JsonNode e, String where, List<HasMetadata> objects, List<Scenario.Fault> faults, List<String> nodes) {
        if (!e.isObject()) {
            throw new ScenarioException(where + " is required (outcome, and optionally actions, forbiddenActions, maxActions, reasons, "
                    + "target, finalState, within)");
        }
        allowOnly(e, where, "outcome", "action", "actions", "forbiddenActions", "maxActions", "reasons", "target", "finalState", "within");
        String outcome = text(e, "outcome", where, true);
        if (!"NONE".equals(outcome) && Arrays.stream(Outcome.values()).noneMatch(o -> o.name().equals(outcome))) {
            throw new ScenarioException(where + ": outcome '" + outcome + "' is not one of " + Arrays.toString(Outcome.values()) + " or NONE");
        }
        List<String> actions = actions(YamlFields.list(e, "actions", where), where + ": actions");
        Integer maxActions = YamlFields.integer(e, "maxActions", where);
        String legacy = text(e, "action", where, false);
        if ("none".equals(legacy)) {
            maxActions = maxActions == null ? 0 : maxActions;
        } else if (legacy != null) {
            actions.addAll(actions(List.of(legacy), where + ": action"));
        }
        List<String> reasons = YamlFields.list(e, "reasons", where);
        for (String r : reasons) {
            if (Arrays.stream(Reason.values()).noneMatch(x -> x.name().equals(r))) {
                throw new ScenarioException(where + ": reasons: unknown reason code '" + r + "' (see io.kubemedic.core.model.Reason)");
            }
        }
        String targetText = text(e, "target", where, false);
        Scenario.Target target = targetText != null ? Scenario.Target.parse(targetText, where + ": target") : defaultTarget(objects, faults);
        if (target != null && target.isNode() && !nodes.contains(target.name())) {
            throw new ScenarioException(where + ": target " + target + " is not one of the scenario's nodes " + nodes);
        }
        Duration within = e.has("within") ? YamlFields.duration(e, "within", where, true) : Duration.ofSeconds(60);
        List<Scenario.Check> checks = CheckReader.checks(e.path("finalState"), where + ": finalState", target);
        return new Scenario.Expect(outcome, actions, actions(YamlFields.list(e, "forbiddenActions", where), where + ": forbiddenActions"),
                maxActions, reasons, target, checks, within);
    }

    private static List<String> actions(List<String> names, String where) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            try {
                out.add(ActionType.fromPolicyName(n).policyName());
            } catch (IllegalArgumentException ex) {
                throw new ScenarioException(where + ": " + ex.getMessage());
            }
        }
        return out;
    }

    /** The first workload, else the first pod, else the first fault's target. */
    static Scenario.Target defaultTarget(List<HasMetadata> objects, List<Scenario.Fault> faults) {
        return objects.stream().filter(o -> Kinds.WORKLOADS.contains(o.getKind())).findFirst()
                .or(() -> objects.stream().filter(o -> "Pod".equals(o.getKind())).findFirst())
                .map(o -> new Scenario.Target(o.getKind(), o.getMetadata().getName()))
                .orElseGet(() -> faults.isEmpty() ? null : faults.getFirst().target());
    }
}
