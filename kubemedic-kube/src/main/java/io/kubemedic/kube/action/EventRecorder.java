package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Publishes a Kubernetes Event on the target of each step, with the reason code, so {@code kubectl describe} tells
 * the story too. Writing an event must never break healing: failures are logged and dropped.
 */
public class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    public static final String INCIDENT_ANNOTATION = "kubemedic.io/incident-id";

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** @param type {@code Normal} or {@code Warning} */
    public void record(ResourceRef target, String type, Reason reason, String message, String incidentId) {
        String ns = target.namespace() == null ? "default" : target.namespace();
        String now = clock.instant().toString();
        try {
            client.v1().events().inNamespace(ns).resource(new EventBuilder()
                    .withNewMetadata().withNamespace(ns)
                    .withName(target.name() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()).toLowerCase(Locale.ROOT))
                    .withAnnotations(Map.of(INCIDENT_ANNOTATION, incidentId)).endMetadata()
                    .withNewInvolvedObject().withKind(target.kind()).withNamespace(target.namespace()).withName(target.name()).endInvolvedObject()
                    .withType(type).withReason(reason == null ? "Kubemedic" : reason.eventReason())
                    .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
                    .withNewSource().withComponent("kubemedic").endSource().withReportingComponent("kubemedic")
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warn("[{}] {} could not write event {}: {}", incidentId, target, reason, e.getMessage());
        }
    }
}
