package io.kubemedic.core.model;

/** Life cycle of one audit row. An {@link #INTENT} row is written before the action runs. */
public enum AuditStatus {
    INTENT, SUCCEEDED, FAILED, UNKNOWN, DRY_RUN, HELD, DENIED, ESCALATED, PENDING_APPROVAL, REPORTED, SKIPPED, VERIFIED,
    VERIFICATION_FAILED;

    /**
     * Rows that count against cooldowns, budgets and flap windows: what was executed, what may have been (an
     * interrupted or unanswered call), and dry-run records, so both modes decide alike. A refused, stale or failed
     * call changed nothing and spends nothing.
     */
    public boolean countsAsAction() {
        return this == INTENT || this == SUCCEEDED || this == UNKNOWN || this == DRY_RUN;
    }
}
