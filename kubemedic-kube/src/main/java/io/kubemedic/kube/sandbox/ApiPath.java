package io.kubemedic.kube.sandbox;

import java.util.List;

/**
 * The object a Kubernetes API path names, as the audit log's {@code objectRef} reports it:
 * {@code /api/v1/namespaces/shop/pods/web-1/eviction} is resource pods, namespace shop, name web-1, subresource
 * eviction; {@code /apis/apps/v1/namespaces/shop/deployments} a collection; {@code /api/v1/nodes/n1} cluster-scoped.
 */
record ApiPath(String resource, String namespace, String name, String subresource) {

    static ApiPath parse(String uri) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        List<String> parts = List.of(path.replaceAll("^/+", "").split("/"));
        int start = parts.isEmpty() ? 0 : "api".equals(parts.getFirst()) ? 2 : "apis".equals(parts.getFirst()) ? 3 : parts.size();
        List<String> rest = start >= parts.size() ? List.of() : parts.subList(start, parts.size());
        String namespace = null;
        if (rest.size() >= 2 && "namespaces".equals(rest.getFirst()) && rest.size() > 2) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        return new ApiPath(at(rest, 0), namespace, at(rest, 1), at(rest, 2));
    }

    private static String at(List<String> parts, int i) {
        return i < parts.size() && !parts.get(i).isEmpty() ? parts.get(i) : null;
    }
}
