package io.kubemedic.app.mcp.tools;

import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.BeforeAll;

import java.io.File;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ToolsIT}'s cases on the real kube-apiserver 1.20 + controller-manager: diagnosis, events, referenced objects,
 * approval and the rollback go through the real server. No kubelet runs there, so logs cannot be read: the tools say
 * so instead of failing.
 */
class ToolsE2E extends ToolsIT {

    @BeforeAll
    static void start() throws Exception {
        String kubeconfig = System.getProperty("kubemedic.e2e.kubeconfig");
        assertThat(kubeconfig).as("-Dkubemedic.e2e.kubeconfig (./run-tests passes it when the real API server runs)").isNotBlank();
        startOn(Config.fromKubeconfig(null, new File(kubeconfig)));
    }
}
