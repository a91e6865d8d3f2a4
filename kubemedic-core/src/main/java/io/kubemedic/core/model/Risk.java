package io.kubemedic.core.model;

/** How much an action can hurt if the diagnosis is wrong. */
public enum Risk {
    NONE, LOW, MEDIUM, HIGH
}
