package io.kubemedic.kube.action;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.core.model.ActionType;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The registered actions, explicitly, all writing through one client without fabric8's own retries
 * ({@link ActionClient}). A step whose action has no entry here is escalated, never improvised.
 */
public final class Actions {

    private Actions() {
    }

    public static Map<ActionType, RemediationAction> defaults(KubernetesClient client) {
        KubernetesClient writer = ActionClient.withoutRetries(client);
        Map<ActionType, RemediationAction> map = new EnumMap<>(ActionType.class);
        for (RemediationAction a : List.of(new EvictPodAction(writer), new RolloutRestartAction(writer), new RaiseMemoryLimitAction(writer),
                new ScaleAction(writer), new RollbackAction(writer), new CordonNodeAction(writer), new DrainNodeAction(writer))) {
            map.put(a.type(), a);
        }
        return map;
    }
}
