package io.kubemedic.core.decision;

import io.kubemedic.core.model.FindingType;

import java.util.List;

/**
 * Maps one failure mode to a ladder of actions.
 *
 * @param minRestarts for crash loops: act only once a container restarted more than this; {@code -1} to use the
 *                    configured {@code diagnosis.crashLoopMinRestarts}
 */
public record Rule(String name, FindingType finding, int minRestarts, List<Rung> ladder) {

    public Rule {
        ladder = List.copyOf(ladder);
    }
}
