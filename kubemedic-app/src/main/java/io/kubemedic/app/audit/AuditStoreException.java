package io.kubemedic.app.audit;

/** The audit store cannot be opened, read or written; the message names the store. */
public class AuditStoreException extends RuntimeException {
    public AuditStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuditStoreException(String message) {
        super(message);
    }
}
