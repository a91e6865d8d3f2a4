package io.kubemedic.app.engine;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;

import java.time.Instant;

/**
 * One step of an incident's life as it happens, for the live timeline, reports and tests.
 *
 * @param action  the action concerned, if any
 * @param outcome set when the incident reached (or left) an outcome
 */
public record TimelineEvent(Instant at, String incidentId, ResourceRef workload, Phase phase, String text,
                            ActionType action, Reason reason, Outcome outcome) {

    /** The stages of the loop: signal → incident → diagnosis → decision → guards → action → verification → close. */
    public enum Phase { DETECTED, DIAGNOSED, DECIDED, GUARDED, ACTED, VERIFIED, ESCALATED, CLOSED }
}
