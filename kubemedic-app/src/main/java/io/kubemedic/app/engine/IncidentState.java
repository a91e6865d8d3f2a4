package io.kubemedic.app.engine;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.verify.Verification;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The persisted part of an {@link Incident}, written as JSON with the incident row. */
record IncidentState(List<String> rungsDone, List<String> skipsRecorded, Verification verification, Step awaitingApproval,
                     String approvedBy, boolean settled, String lastVerdict, Instant heldSince, Reason heldReason, boolean heldEscalated,
                     int holdAttempts, int staleAttempts, int unknownAttempts, Map<String, String> stamps,
                     List<ActionType> actionsTaken) {

    /** Lenient on read: state written by another version may carry fields this one no longer knows. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    IncidentState {
        rungsDone = rungsDone == null ? List.of() : rungsDone;
        skipsRecorded = skipsRecorded == null ? List.of() : skipsRecorded;
        stamps = stamps == null ? Map.of() : stamps;
        actionsTaken = actionsTaken == null ? List.of() : actionsTaken;
    }

    String toJson() {
        return JSON.writeValueAsString(this);
    }

    static IncidentState fromJson(String json) {
        return JSON.readValue(json, IncidentState.class);
    }
}
