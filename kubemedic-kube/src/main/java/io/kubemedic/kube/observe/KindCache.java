package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The informer caches of one kind, across the watched scope: one informer for all namespaces, or one per allowed
 * namespace when an allow-list scopes Kubemedic (for Namespace objects: one per allowed name). Reads only.
 * <p>
 * Every informer retries a failed list or watch with fabric8's backoff (1 s doubling to 32 s) for as long as it
 * runs: fabric8's default gives up for good when the first list fails, which turned a short outage at start into
 * an observer that never sees anything. Only a closed cache or a closed client stops the retries. The last failure is
 * kept so a snapshot can say why an input is unreadable.
 */
final class KindCache<T extends HasMetadata> implements AutoCloseable {

    /** One informer and the scope it covers: a namespace or object name, or {@code null} for everything. */
    private record Source<T>(String scope, SharedIndexInformer<T> informer, AtomicReference<String> lastError) {
    }

    private final String kind;
    private final List<Source<T>> sources;
    private final AtomicBoolean closed;

    private KindCache(String kind, List<Source<T>> sources, AtomicBoolean closed) {
        this.kind = kind;
        this.sources = List.copyOf(sources);
        this.closed = closed;
    }

    /**
     * Informers for {@code kind}, created but not started, so every field that event handlers read is assigned
     * before the first event can fire. {@code scopes} empty means one informer for the whole cluster.
     */
    static <T extends HasMetadata> KindCache<T> of(String kind, List<String> scopes, Function<String, Informable<T>> source,
            Map<String, Function<T, List<String>>> indexers, ResourceEventHandler<? super T> handler, long resyncMillis) {
        List<Source<T>> list = new ArrayList<>();
        AtomicBoolean closed = new AtomicBoolean();
        for (String scope : scopes.isEmpty() ? java.util.Collections.<String>singletonList(null) : scopes) {
            AtomicReference<String> lastError = new AtomicReference<>();
            SharedIndexInformer<T> informer = source.apply(scope).runnableInformer(resyncMillis).itemStore(new LeanItemStore<>());
            informer.exceptionHandler((started, error) -> {
                lastError.set(ApiErrors.describe(error));
                return !closed.get() && !ApiErrors.clientClosed(error);
            });
            if (!indexers.isEmpty()) {
                informer.addIndexers(indexers);
            }
            if (handler != null) {
                informer.addEventHandler(handler);
            }
            list.add(new Source<>(scope, informer, lastError));
        }
        return new KindCache<>(kind, list, closed);
    }

    void start() {
        sources.forEach(s -> s.informer().start());
    }

    String kind() {
        return kind;
    }

    Optional<T> get(String namespace, String name) {
        String key = namespace == null ? name : Cache.namespaceKeyFunc(namespace, name);
        for (Source<T> s : sources) {
            T item = s.informer().getStore().getByKey(key);
            if (item != null) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    List<T> byIndex(String index, String key) {
        if (sources.size() == 1) {
            return sources.getFirst().informer().getIndexer().byIndex(index, key);
        }
        List<T> out = new ArrayList<>();
        sources.forEach(s -> out.addAll(s.informer().getIndexer().byIndex(index, key)));
        return out;
    }

    List<T> inNamespace(String namespace) {
        return byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    List<T> list() {
        if (sources.size() == 1) {
            return sources.getFirst().informer().getStore().list();
        }
        List<T> out = new ArrayList<>();
        sources.forEach(s -> out.addAll(s.informer().getStore().list()));
        return out;
    }

    int size() {
        return sources.stream().mapToInt(s -> s.informer().getStore().listKeys().size()).sum();
    }

    /** Every informer has completed its first list (it may have lost its watch since). */
    boolean synced() {
        return sources.stream().allMatch(s -> s.informer().hasSynced());
    }

    /** Every informer has synced and is watching now: the cache can be trusted for a decision. */
    boolean inSync() {
        return sources.stream().allMatch(KindCache::inSync);
    }

    /** Whether the informer covering {@code scope} (a namespace, or a Namespace's name) is in sync. */
    boolean inSync(String scope) {
        return sources.stream().filter(s -> s.scope() == null || s.scope().equals(scope)).findFirst().map(KindCache::inSync).orElse(false);
    }

    private static boolean inSync(Source<?> s) {
        boolean ok = s.informer().hasSynced() && s.informer().isWatching();
        if (ok) {
            s.lastError().set(null);
        }
        return ok;
    }

    /** Why the cache (or the part covering {@code scope}) is not in sync, as far as the last failure tells. */
    String whyNotInSync(String scope) {
        return sources.stream().filter(s -> scope == null || s.scope() == null || s.scope().equals(scope))
                .filter(s -> !inSync(s)).findFirst().map(KindCache::why).orElse("in sync");
    }

    private static String why(Source<?> s) {
        String error = s.lastError().get();
        if (error != null) {
            return error;
        }
        return s.informer().hasSynced() ? "watch lost, reconnecting" : "first list not complete";
    }

    @Override
    public void close() {
        closed.set(true);
        sources.forEach(s -> s.informer().close());
    }
}
