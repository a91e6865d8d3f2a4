package io.kubemedic.app.demo;

import java.util.List;

/**
 * How one scenario ended, as printed in the demo's table and JSON.
 *
 * @param action         the action that mattered (the expected one if it was taken, else the last one taken, or "none")
 * @param timeToDetectMs fault injected → incident opened; null if never detected
 * @param timeToHealMs   fault injected → final outcome (healed, escalated, reported…); null if none was reached
 * @param failures       why it did not pass; empty when it passed
 */
public record ScenarioResult(String name, String issue, String action, String outcome, boolean passed,
                             Long timeToDetectMs, Long timeToHealMs, List<String> failures) {
}
