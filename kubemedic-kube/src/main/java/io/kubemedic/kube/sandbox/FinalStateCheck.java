package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks a scenario's {@code finalState} against the cluster as read through the API. */
final class FinalStateCheck {

    private FinalStateCheck() {
    }

    static List<String> check(Scenario s, ClusterView view, Set<String> baselineUids) {
        Scenario.FinalState f = s.expect().finalState();
        List<String> failures = new ArrayList<>();
        if (f == null) {
            return failures;
        }
        Optional<Deployment> d = deployment(s, f, view);
        List<Pod> pods = view.pods().stream().filter(p -> s.namespace().equals(p.getMetadata().getNamespace())).toList();
        if (Boolean.TRUE.equals(f.allReady())) {
            long ready = pods.stream().filter(SandboxPods::ready).count();
            int desired = d.map(x -> x.getSpec().getReplicas()).orElse(pods.size());
            if (ready < desired || pods.stream().anyMatch(p -> !SandboxPods.ready(p))) {
                failures.add("final state: " + ready + " of " + pods.size() + " pods Ready (desired " + desired + ")");
            }
        }
        if (f.replicasAtLeast() != null && d.map(x -> x.getSpec().getReplicas() < f.replicasAtLeast()).orElse(true)) {
            failures.add("final state: replicas " + d.map(x -> x.getSpec().getReplicas()).orElse(null) + ", expected at least " + f.replicasAtLeast());
        }
        if (f.memoryLimitAtLeast() != null) {
            Quantity limit = d.map(x -> limit(x.getSpec().getTemplate().getSpec().getContainers().getFirst())).orElse(null);
            if (limit == null || Quantity.getAmountInBytes(limit).compareTo(Quantity.getAmountInBytes(new Quantity(f.memoryLimitAtLeast()))) < 0) {
                failures.add("final state: memory limit " + limit + ", expected at least " + f.memoryLimitAtLeast());
            }
        }
        if (f.image() != null) {
            String image = d.map(x -> x.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).orElse(null);
            if (!f.image().equals(image)) {
                failures.add("final state: image " + image + ", expected " + f.image());
            }
        }
        if (f.podExists() != null && pods.stream().noneMatch(p -> f.podExists().equals(p.getMetadata().getName()))) {
            failures.add("final state: pod " + f.podExists() + " does not exist");
        }
        if (Boolean.TRUE.equals(f.podUnchanged())) {
            Set<String> now = pods.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
            if (baselineUids == null || !baselineUids.equals(now)) {
                failures.add("final state: pods were replaced or deleted (before " + baselineUids + ", now " + now + ")");
            }
        }
        return failures;
    }

    private static Optional<Deployment> deployment(Scenario s, Scenario.FinalState f, ClusterView view) {
        String name = f.target() != null ? Scenario.Target.parse(f.target(), s.source()).name()
                : s.objects().stream().filter(o -> "Deployment".equals(o.getKind())).map(HasMetadata::getMetadata).map(m -> m.getName()).findFirst().orElse(null);
        return name == null ? Optional.empty() : view.deployment(s.namespace(), name);
    }

    private static Quantity limit(Container c) {
        return c.getResources() == null || c.getResources().getLimits() == null ? null : c.getResources().getLimits().get("memory");
    }
}
