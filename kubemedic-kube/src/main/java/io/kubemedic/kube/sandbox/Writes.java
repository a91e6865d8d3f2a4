package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulators race the healer and the real controllers as a kubelet does: a write that meets a conflict, a
 * vanished object or a refusal of a stale change is simply tried again on the next tick.
 */
final class Writes {

    private static final Logger LOG = LoggerFactory.getLogger(Writes.class);

    private Writes() {
    }

    /** @return whether the write went through; false on 409, 404 or 422 (retried next tick) */
    static boolean quietly(Runnable write) {
        try {
            write.run();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404 && e.getCode() != 422) {
                throw e;
            }
            LOG.debug("emulator write not applied ({}), retried next tick: {}", e.getCode(), e.getMessage());
            return false;
        }
    }
}
