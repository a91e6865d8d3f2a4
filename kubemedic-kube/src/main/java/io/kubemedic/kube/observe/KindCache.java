package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The informer caches of one kind, across the watched namespaces (one informer for all namespaces, or one per
 * allowed namespace when an allow-list scopes Kubemedic). Reads only: the caches are the observer's memory.
 */
final class KindCache<T extends HasMetadata> implements AutoCloseable {

    private final String kind;
    private final List<SharedIndexInformer<T>> informers;

    KindCache(String kind, List<SharedIndexInformer<T>> informers) {
        this.kind = kind;
        this.informers = List.copyOf(informers);
    }

    String kind() {
        return kind;
    }

    Optional<T> get(String namespace, String name) {
        String key = namespace == null ? name : namespace + "/" + name;
        for (SharedIndexInformer<T> i : informers) {
            T item = i.getStore().getByKey(key);
            if (item != null) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    List<T> byIndex(String index, String key) {
        if (informers.size() == 1) {
            return informers.getFirst().getIndexer().byIndex(index, key);
        }
        List<T> out = new ArrayList<>();
        informers.forEach(i -> out.addAll(i.getIndexer().byIndex(index, key)));
        return out;
    }

    List<T> list() {
        if (informers.size() == 1) {
            return informers.getFirst().getStore().list();
        }
        List<T> out = new ArrayList<>();
        informers.forEach(i -> out.addAll(i.getStore().list()));
        return out;
    }

    int size() {
        return informers.stream().mapToInt(i -> i.getStore().list().size()).sum();
    }

    boolean synced() {
        return informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
