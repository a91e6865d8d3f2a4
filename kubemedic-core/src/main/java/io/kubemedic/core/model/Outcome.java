package io.kubemedic.core.model;

/** How an incident ended (or where it stands). */
public enum Outcome {
    OPEN("in progress"),
    HEALED("an action fixed it and the fix was verified"),
    RESOLVED("healthy again without an action"),
    ESCALATED("handed to a human"),
    REPORTED("reported with the numbers; no action by policy"),
    SUPPRESSED("a guard forbids acting on this target"),
    PENDING_APPROVAL("a destructive action waits for approval"),
    DRY_RUN("the action was recorded, not executed (dry-run)");

    private final String description;

    Outcome(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean terminal() {
        return this != OPEN;
    }
}
