package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * One short human sentence for why a call to the API server failed ("403 Forbidden: pods is forbidden: …",
 * "connection refused", "TLS: …"). fabric8 wraps the cause several layers deep; a person deciding whether to fix
 * the kubeconfig, the RBAC or the network needs the innermost fact, once.
 */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static String describe(Throwable error) {
        KubernetesClientException api = find(error, KubernetesClientException.class);
        if (api != null && api.getCode() > 0) {
            String status = api.getStatus() == null || api.getStatus().getMessage() == null ? "" : ": " + api.getStatus().getMessage();
            return api.getCode() + " " + reason(api.getCode()) + status;
        }
        if (find(error, UnknownHostException.class) != null) {
            return "unknown host " + find(error, UnknownHostException.class).getMessage();
        }
        if (find(error, ConnectException.class) != null) {
            String detail = innermost(find(error, ConnectException.class)).getMessage();
            return detail == null || detail.equalsIgnoreCase("connection refused") ? "connection refused" : "connection refused (" + detail + ")";
        }
        if (find(error, SSLException.class) != null || find(error, CertificateException.class) != null) {
            return "TLS: " + innermost(error).getMessage();
        }
        if (find(error, SocketTimeoutException.class) != null || find(error, TimeoutException.class) != null) {
            return "no answer in time (" + innermost(error).getClass().getSimpleName() + ")";
        }
        Throwable root = innermost(error);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** The HTTP status code of the failure, or 0 when the server never answered. */
    public static int code(Throwable error) {
        KubernetesClientException api = find(error, KubernetesClientException.class);
        return api == null ? 0 : Math.max(api.getCode(), 0);
    }

    /** The client itself was closed: retrying can never succeed. */
    static boolean clientClosed(Throwable error) {
        IllegalStateException closed = find(error, IllegalStateException.class);
        return closed != null && closed.getMessage() != null && closed.getMessage().contains("closed");
    }

    private static String reason(int code) {
        return switch (code) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "HTTP";
        };
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable innermost(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
