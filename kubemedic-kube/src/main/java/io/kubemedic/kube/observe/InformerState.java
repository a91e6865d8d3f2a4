package io.kubemedic.kube.observe;

/**
 * How one informer stands, for start-up progress and readiness: whether its first list has landed, whether it is
 * watching now, how many objects it holds, and, when it is not in sync, why (e.g. "403 Forbidden: …").
 */
public record InformerState(String kind, boolean synced, boolean inSync, int objects, String problem) {

    static InformerState of(KindCache<?> cache) {
        boolean inSync = cache.inSync();
        return new InformerState(cache.kind(), cache.synced(), inSync, cache.size(), inSync ? "" : cache.whyNotInSync(null));
    }
}
