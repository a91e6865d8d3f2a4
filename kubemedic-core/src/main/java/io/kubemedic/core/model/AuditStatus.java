package io.kubemedic.core.model;

/** Life cycle of one audit row. An {@link #INTENT} row is written before the action runs. */
public enum AuditStatus {
    INTENT, SUCCEEDED, FAILED, DRY_RUN, HELD, DENIED, ESCALATED, PENDING_APPROVAL, REPORTED, VERIFIED, VERIFICATION_FAILED;

    /** Rows that count against cooldowns, budgets and flap windows (also in dry-run, so both modes decide alike). */
    public boolean countsAsAction() {
        return this == INTENT || this == SUCCEEDED || this == FAILED || this == DRY_RUN;
    }
}
