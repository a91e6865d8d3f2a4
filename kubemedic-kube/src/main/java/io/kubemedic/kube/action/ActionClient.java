package io.kubemedic.kube.action;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;

/**
 * The client every action writes with: the caller's client with fabric8's own retries switched off. By default fabric8
 * retries a 429 or 5xx up to ten times with backoff (about 20 s on one eviction a budget refuses), holding the worker
 * and hiding the answer; Kubemedic wants the first answer at once and retries with its own backoff, per target.
 */
final class ActionClient {

    private ActionClient() {
    }

    static KubernetesClient withoutRetries(KubernetesClient client) {
        return client.newClient(new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                .withRequestRetryBackoffLimit(0).build()).adapt(KubernetesClient.class);
    }
}
