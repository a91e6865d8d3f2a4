package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.Ownership;
import io.kubemedic.core.model.ResourceRef;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Every target the caches hold, for the periodic re-examination, for the burst after an outage, and for a Namespace
 * change: Deployments, StatefulSets, DaemonSets, Jobs, ReplicaSets that no Deployment controls, bare pods, the owners
 * of pods controlled by any other kind, and (with cluster scope) Nodes. Targets in denied namespaces are left out.
 */
final class Targets {

    private static final Set<String> KNOWN_POD_OWNERS = Set.of(ResourceRef.REPLICA_SET, ResourceRef.STATEFUL_SET,
            ResourceRef.DAEMON_SET, ResourceRef.JOB);

    private final Informers in;
    private final KubemedicConfig config;

    Targets(Informers in, KubemedicConfig config) {
        this.in = in;
        this.config = config;
    }

    List<ResourceRef> all() {
        Set<ResourceRef> out = collect(KindCache::list);
        if (in.nodes != null) {
            in.nodes.list().forEach(n -> out.add(ResourceRef.node(n.getMetadata().getName())));
        }
        return List.copyOf(out);
    }

    List<ResourceRef> in(String namespace) {
        return List.copyOf(collect(cache -> cache.inNamespace(namespace)));
    }

    private Set<ResourceRef> collect(Function<KindCache<? extends HasMetadata>, List<? extends HasMetadata>> source) {
        Set<ResourceRef> out = new LinkedHashSet<>();
        add(out, source.apply(in.deployments), ResourceRef.DEPLOYMENT);
        add(out, source.apply(in.statefulSets), ResourceRef.STATEFUL_SET);
        add(out, source.apply(in.daemonSets), ResourceRef.DAEMON_SET);
        add(out, source.apply(in.jobs), ResourceRef.JOB);
        for (HasMetadata o : source.apply(in.replicaSets)) {
            ReplicaSet rs = (ReplicaSet) o;
            ResourceRef owner = TargetRouter.ownerOf(rs);
            if (owner.isKind(ResourceRef.REPLICA_SET) && allowed(rs) && wantsPods(rs)) {
                out.add(owner);
            }
        }
        for (HasMetadata o : source.apply(in.pods)) {
            Pod p = (Pod) o;
            if (!allowed(p)) {
                continue;
            }
            var controller = Ownership.controller(p);
            if (controller.isEmpty()) {
                out.add(ResourceRef.pod(p.getMetadata().getNamespace(), p.getMetadata().getName()));
            } else if (!KNOWN_POD_OWNERS.contains(controller.get().getKind())) {
                out.add(new ResourceRef(controller.get().getKind(), p.getMetadata().getNamespace(), controller.get().getName()));
            }
        }
        return out;
    }

    private void add(Set<ResourceRef> out, List<? extends HasMetadata> objects, String kind) {
        objects.stream().filter(this::allowed)
                .forEach(o -> out.add(new ResourceRef(kind, o.getMetadata().getNamespace(), o.getMetadata().getName())));
    }

    private static boolean wantsPods(ReplicaSet rs) {
        return rs.getSpec() == null || rs.getSpec().getReplicas() == null || rs.getSpec().getReplicas() > 0;
    }

    private boolean allowed(HasMetadata o) {
        return config.namespaceAllowed(o.getMetadata().getNamespace());
    }
}
