package io.kubemedic.kube.sandbox;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides when an emulator must write a status, so it writes only on a real change. The server may store a status
 * a little differently from how it was sent, so comparing with the server's copy alone could rewrite for ever;
 * comparing with what was last written alone would miss someone else's change (the node lifecycle controller marking
 * pods not Ready). So: write when the wanted status differs from the last one written, or when the essentials
 * (phase, condition and container states) on the server differ from the wanted ones.
 *
 * @param <S> the status type
 */
final class StatusMemory<S> {

    private final Map<String, S> written = new ConcurrentHashMap<>();

    boolean mustWrite(String uid, S desired, Object essentialsOnServer, Object essentialsWanted) {
        return !desired.equals(written.get(uid)) || !Objects.equals(essentialsOnServer, essentialsWanted);
    }

    void written(String uid, S desired) {
        written.put(uid, desired);
    }

    /** Forgets objects that are gone. */
    void retain(Set<String> uids) {
        written.keySet().retainAll(uids);
    }
}
