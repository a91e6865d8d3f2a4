package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;

class ApiErrorsTest {

    @Test
    void namesTheInnermostFactOnce() {
        KubernetesClientException forbidden = new KubernetesClientException(new StatusBuilder().withCode(403)
                .withMessage("pods is forbidden: User \"x\" cannot list resource \"pods\"").build());
        assertThat(ApiErrors.describe(new RuntimeException("wrapped", forbidden)))
                .isEqualTo("403 Forbidden: pods is forbidden: User \"x\" cannot list resource \"pods\"");
        assertThat(ApiErrors.code(forbidden)).isEqualTo(403);
        assertThat(ApiErrors.describe(new KubernetesClientException("op failed", new ConnectException("Connection refused: /127.0.0.1:1"))))
                .isEqualTo("connection refused (Connection refused: /127.0.0.1:1)");
        assertThat(ApiErrors.describe(new KubernetesClientException("op failed", new ConnectException("Connection refused"))))
                .isEqualTo("connection refused");
        assertThat(ApiErrors.describe(new KubernetesClientException("x", new UnknownHostException("kubernetes.default.svc"))))
                .isEqualTo("unknown host kubernetes.default.svc");
        assertThat(ApiErrors.describe(new KubernetesClientException("x", new SSLHandshakeException("PKIX path building failed"))))
                .isEqualTo("TLS: PKIX path building failed");
        assertThat(ApiErrors.code(new ConnectException())).isZero();
    }
}
