package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A container the kubelet cannot create because a ConfigMap, Secret or key it refers to is missing. */
public final class CreateContainerConfigErrorDiagnoser implements Diagnoser {

    private static final Pattern MISSING_KEY = Pattern.compile("couldn't find key (\\S+) in (ConfigMap|Secret) (?:[^/\\s]+/)?(\\S+)");
    // Singular from the kubelet's watch-based cache (the default), plural from the API server's NotFound (Get/Cache strategies).
    private static final Pattern MISSING_OBJECT = Pattern.compile("(configmap|secret)s? \"([^\"]+)\" not found", Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "config-error";
    }

    @Override
    public List<Finding> diagnose(TargetSnapshot snapshot) {
        List<Finding> out = new ArrayList<>();
        for (Pod pod : snapshot.pods()) {
            for (ContainerStatus s : PodFacts.statuses(pod)) {
                if (!"CreateContainerConfigError".equals(PodFacts.waitingReason(s))) {
                    continue;
                }
                String message = PodFacts.waitingMessage(s);
                Map<String, String> ev = new LinkedHashMap<>();
                ev.put("waitingMessage", message);
                Matcher key = MISSING_KEY.matcher(message);
                Matcher object = MISSING_OBJECT.matcher(message);
                if (key.find()) {
                    ev.put("missingKind", key.group(2));
                    ev.put("missingName", key.group(3));
                    ev.put("missingKey", key.group(1));
                } else if (object.find()) {
                    ev.put("missingKind", object.group(1).equalsIgnoreCase("configmap") ? "ConfigMap" : "Secret");
                    ev.put("missingName", object.group(2));
                }
                out.add(new Finding(FindingType.CREATE_CONTAINER_CONFIG_ERROR, Severity.CRITICAL, PodFacts.ref(pod), s.getName(),
                        "container " + s.getName() + " of pod " + pod.getMetadata().getName() + " cannot be created: " + message,
                        ev, "create the missing ConfigMap/Secret or key, or fix the reference"));
            }
        }
        return out;
    }
}
