package io.kubemedic.app.web;

import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.BeforeAll;

import java.io.File;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HttpApiIT}'s cases on the real kube-apiserver 1.20 + controller-manager: the leak alert's eviction goes
 * through the real Eviction API, the pod is recreated by the real ReplicaSet controller, the bridge's scale is applied
 * by the real server.
 */
class HttpApiE2E extends HttpApiIT {

    @BeforeAll
    static void start() {
        String kubeconfig = System.getProperty("kubemedic.e2e.kubeconfig");
        assertThat(kubeconfig).as("-Dkubemedic.e2e.kubeconfig (./run-tests passes it when the real API server runs)").isNotBlank();
        startOn(Config.fromKubeconfig(null, new File(kubeconfig)));
    }
}
