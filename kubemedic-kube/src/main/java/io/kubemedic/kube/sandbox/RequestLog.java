package io.kubemedic.kube.sandbox;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Every mutating request the sandbox answered, in arrival order: the sandbox's audit log. Bounded (the oldest go
 * first past {@link #LIMIT}) so a long demo cannot grow it without end; appending is O(1) under a short lock.
 */
final class RequestLog {

    static final int LIMIT = 200_000;

    private final ArrayDeque<ApiRequest> entries = new ArrayDeque<>();

    synchronized void record(ApiRequest request) {
        if (entries.size() == LIMIT) {
            entries.removeFirst();
        }
        entries.addLast(request);
    }

    synchronized List<ApiRequest> all() {
        return List.copyOf(entries);
    }
}
