package io.kubemedic.core.config;

/** A setting or policy the user wrote cannot be used; the message says which and why. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
