package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pods from a controller's template, as {@code controller.GetPodFromTemplate} makes them: the template's labels,
 * annotations and spec, a controller owner reference, and a name. Names from {@code generateName} get five random
 * characters from the alphabet the API server uses, e.g. {@code web-7d9f8b6c5-x2k9p}.
 */
final class PodFactory {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private PodFactory() {
    }

    static Pod fromTemplate(PodTemplateSpec template, HasMetadata owner, String name, Map<String, String> extraLabels) {
        PodTemplateSpec t = KUBE.clone(template);
        Map<String, String> labels = new LinkedHashMap<>(t.getMetadata() == null || t.getMetadata().getLabels() == null ? Map.of() : t.getMetadata().getLabels());
        labels.putAll(extraLabels);
        return new PodBuilder().withNewMetadata().withNamespace(owner.getMetadata().getNamespace()).withName(name)
                .withLabels(labels)
                .withAnnotations(t.getMetadata() == null ? null : t.getMetadata().getAnnotations())
                .withFinalizers(t.getMetadata() == null ? null : t.getMetadata().getFinalizers())
                .withOwnerReferences(controllerRef(owner)).endMetadata()
                .withSpec(t.getSpec()).build();
    }

    /** A name as the API server completes {@code generateName}: the prefix and five random characters. */
    static String generatedName(String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 5; i++) {
            sb.append(Templates.ALPHABET.charAt(ThreadLocalRandom.current().nextInt(Templates.ALPHABET.length())));
        }
        return sb.toString();
    }

    static OwnerReference controllerRef(HasMetadata owner) {
        String apiVersion = owner.getApiVersion() != null ? owner.getApiVersion() : HasMetadata.getApiVersion(owner.getClass());
        String kind = owner.getKind() != null ? owner.getKind() : HasMetadata.getKind(owner.getClass());
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build();
    }
}
