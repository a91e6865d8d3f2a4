package io.kubemedic.app.engine;

/** Receives every timeline event; called on worker threads, so implementations must be thread-safe and quick. */
@FunctionalInterface
public interface EngineListener {

    void onEvent(TimelineEvent event);

    EngineListener NONE = e -> { };
}
