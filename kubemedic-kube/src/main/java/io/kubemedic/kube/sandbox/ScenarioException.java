package io.kubemedic.kube.sandbox;

/** A scenario file cannot be used; the message names the file and the field. */
public class ScenarioException extends io.kubemedic.core.config.ConfigException {
    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
