package io.kubemedic.core.model;

/** How bad a finding is; the planner only acts on {@link #WARNING} and above. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
