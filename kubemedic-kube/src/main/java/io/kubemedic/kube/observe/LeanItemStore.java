package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer store that drops {@code metadata.managedFields} before caching an object. On a real API server they are
 * a large share of every object (the caches took 161 MiB at 10,000 pods with them) and nothing in Kubemedic reads
 * them: decisions read status and spec, and actions re-read what they patch.
 */
final class LeanItemStore<V extends HasMetadata> extends BasicItemStore<V> {

    LeanItemStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public V put(String key, V obj) {
        if (obj.getMetadata() != null) {
            obj.getMetadata().setManagedFields(null);
        }
        return super.put(key, obj);
    }
}
