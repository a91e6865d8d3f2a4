package io.kubemedic.core.model;

import java.util.Objects;

/**
 * Names one Kubernetes object. Every log line, audit row and metric label names its target this way,
 * so {@link #toString()} is the one human form: {@code Deployment(shop/web)}, {@code Node(worker-1)}.
 */
public record ResourceRef(String kind, String namespace, String name) implements Comparable<ResourceRef> {

    public static final String POD = "Pod";
    public static final String DEPLOYMENT = "Deployment";
    public static final String STATEFUL_SET = "StatefulSet";
    public static final String REPLICA_SET = "ReplicaSet";
    public static final String NODE = "Node";
    public static final String DAEMON_SET = "DaemonSet";
    public static final String JOB = "Job";
    public static final String CRON_JOB = "CronJob";

    public ResourceRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        namespace = namespace == null || namespace.isEmpty() ? null : namespace;
    }

    public static ResourceRef pod(String namespace, String name) {
        return new ResourceRef(POD, namespace, name);
    }

    public static ResourceRef deployment(String namespace, String name) {
        return new ResourceRef(DEPLOYMENT, namespace, name);
    }

    public static ResourceRef statefulSet(String namespace, String name) {
        return new ResourceRef(STATEFUL_SET, namespace, name);
    }

    public static ResourceRef node(String name) {
        return new ResourceRef(NODE, null, name);
    }

    /** Parses the {@link #toString()} form back, e.g. {@code Deployment(shop/web)}. */
    public static ResourceRef parse(String text) {
        int open = text.indexOf('(');
        if (open <= 0 || !text.endsWith(")")) {
            throw new IllegalArgumentException("not a resource reference: '" + text + "' (expected Kind(namespace/name) or Kind(name))");
        }
        String kind = text.substring(0, open);
        String inner = text.substring(open + 1, text.length() - 1);
        int slash = inner.indexOf('/');
        return slash < 0 ? new ResourceRef(kind, null, inner) : new ResourceRef(kind, inner.substring(0, slash), inner.substring(slash + 1));
    }

    public boolean isNamespaced() {
        return namespace != null;
    }

    public boolean isKind(String other) {
        return kind.equals(other);
    }

    @Override
    public int compareTo(ResourceRef o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return namespace == null ? kind + "(" + name + ")" : kind + "(" + namespace + "/" + name + ")";
    }
}
