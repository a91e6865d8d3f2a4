package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.diagnosis.PodHealth;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pods that are visibly failing now ({@link PodHealth#failing}), kept up to date from the pod informer's events
 * (add, update, delete, and the relist after an outage), so the storm count at a decision reads only these few pods
 * instead of walking the whole cache. Exactly as fresh as the cache.
 */
final class FailingPods {

    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    void track(HasMetadata obj, boolean deleted) {
        if (!(obj instanceof Pod pod) || pod.getMetadata() == null) {
            return;
        }
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        if (!deleted && PodHealth.failing(pod)) {
            keys.add(key);
        } else {
            keys.remove(key);
        }
    }

    /** The failing pods as the cache holds them now. */
    List<Pod> pods(KindCache<Pod> cache) {
        List<Pod> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            int slash = key.indexOf('/');
            cache.get(key.substring(0, slash), key.substring(slash + 1)).filter(PodHealth::failing).ifPresent(out::add);
        }
        return out;
    }

    int size() {
        return keys.size();
    }
}
