package io.kubemedic.kube.action;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.core.model.ActionType;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The registered actions, explicitly. A step whose action has no entry here is escalated, never improvised. */
public final class Actions {

    private Actions() {
    }

    public static Map<ActionType, RemediationAction> defaults(KubernetesClient client, Clock clock) {
        Map<ActionType, RemediationAction> map = new EnumMap<>(ActionType.class);
        for (RemediationAction a : List.of(new EvictPodAction(client), new RolloutRestartAction(client, clock),
                new RaiseMemoryLimitAction(client), new ScaleAction(client), new RollbackAction(client), new CordonNodeAction(client))) {
            map.put(a.type(), a);
        }
        return map;
    }
}
