package io.kubemedic.app.demo;

import java.util.List;

/**
 * How one scenario ended, as printed in the demo's table and JSON.
 *
 * @param namespace      where it played (on a real server, a fresh copy of the file's namespace)
 * @param action         the action that mattered (the expected one if it was taken, else the last one taken, or "none")
 * @param timeToDetectMs fault injected → incident opened; null if never detected
 * @param timeToHealMs   fault injected → the incident's final outcome (healed, escalated, reported…); null if none was reached
 * @param failures       why it did not pass; empty when it passed
 */
public record ScenarioResult(String name, String issue, String namespace, String action, String outcome, boolean passed,
                             Long timeToDetectMs, Long timeToHealMs, List<String> failures) {
}
