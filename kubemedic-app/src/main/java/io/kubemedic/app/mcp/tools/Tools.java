package io.kubemedic.app.mcp.tools;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.mcp.ToolException;
import io.kubemedic.kube.observe.PodReader;

/** Lookups shared by the tools, with the answers an agent can act on when something is not there. */
final class Tools {

    private Tools() {
    }

    static Pod pod(Kubemedic app, String namespace, String name) {
        try {
            return app.pods().pod(namespace, name).orElseThrow(() -> new ToolException("pod " + name + " not found in namespace " + namespace));
        } catch (PodReader.Unavailable e) {
            throw new ToolException(e.getMessage());
        }
    }
}
