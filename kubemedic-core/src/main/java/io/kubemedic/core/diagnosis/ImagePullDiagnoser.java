package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A container whose image cannot be pulled: no restart will fix it, so it is a matter for a human. */
public final class ImagePullDiagnoser implements Diagnoser {

    private static final Set<String> REASONS = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull");

    @Override
    public String name() {
        return "image-pull";
    }

    @Override
    public List<Finding> diagnose(TargetSnapshot snapshot) {
        List<Finding> out = new ArrayList<>();
        for (Pod pod : snapshot.pods()) {
            for (ContainerStatus s : PodFacts.statuses(pod)) {
                String reason = PodFacts.waitingReason(s);
                if (reason == null || !REASONS.contains(reason)) {
                    continue;
                }
                String image = PodFacts.container(pod, s.getName()).map(c -> c.getImage()).orElse(PodFacts.nullToEmpty(s.getImage()));
                String secrets = pod.getSpec() == null || pod.getSpec().getImagePullSecrets() == null ? ""
                        : pod.getSpec().getImagePullSecrets().stream().map(LocalObjectReference::getName).collect(Collectors.joining(","));
                Map<String, String> ev = new LinkedHashMap<>();
                ev.put("image", image);
                ev.put("reason", reason);
                ev.put("waitingMessage", PodFacts.waitingMessage(s));
                ev.put("pullSecrets", secrets);
                out.add(new Finding(FindingType.IMAGE_PULL_FAILURE, Severity.CRITICAL, PodFacts.ref(pod), s.getName(),
                        "container " + s.getName() + " of pod " + pod.getMetadata().getName() + " cannot pull image " + image + " (" + reason + ")",
                        ev, "check the image name and tag exist in the registry and the pull secret grants access"));
            }
        }
        return out;
    }
}
