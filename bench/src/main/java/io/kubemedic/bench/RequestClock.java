package io.kubemedic.bench;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An interceptor on Kubemedic's own HTTP client that timestamps, per pod, the live read an eviction starts with
 * ({@code GET pods/NAME}) and the eviction itself ({@code POST pods/NAME/eviction}): when each request left the client
 * and when its answer came back. "Request sent" ends the controller's own part of a trial, whatever the server then does.
 */
final class RequestClock implements Interceptor {

    static final String NAME = "kubemedic-bench-clock";

    /** One request: {@link System#nanoTime()} when handed to the transport and when the answer's headers arrived (0: not yet). */
    static final class Exchange {
        final long sentNanos;
        volatile long answeredNanos;
        volatile int code;

        Exchange(long sentNanos) {
            this.sentNanos = sentNanos;
        }
    }

    private static final Pattern POD = Pattern.compile("^/api/v1/namespaces/[^/]+/pods/([^/?]+)(/eviction)?$");

    private final Map<String, Exchange> reads = new ConcurrentHashMap<>();
    private final Map<String, Exchange> evictions = new ConcurrentHashMap<>();

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        long now = System.nanoTime();
        Map<String, Exchange> map = mapFor(request);
        if (map != null) {
            map.putIfAbsent(pod(request), new Exchange(now)); // the first attempt is the one on the path
        }
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        long now = System.nanoTime();
        Map<String, Exchange> map = mapFor(request);
        Exchange e = map == null ? null : map.get(pod(request));
        if (e != null && e.answeredNanos == 0) {
            e.code = response.code();
            e.answeredNanos = now;
        }
    }

    Exchange read(String pod) {
        return reads.get(pod);
    }

    Exchange eviction(String pod) {
        return evictions.get(pod);
    }

    private Map<String, Exchange> mapFor(HttpRequest request) {
        Matcher m = POD.matcher(request.uri().getPath());
        if (!m.matches()) {
            return null;
        }
        boolean eviction = m.group(2) != null;
        if (eviction && "POST".equals(request.method())) {
            return evictions;
        }
        return !eviction && "GET".equals(request.method()) ? reads : null;
    }

    private static String pod(HttpRequest request) {
        Matcher m = POD.matcher(request.uri().getPath());
        return m.matches() ? m.group(1) : "";
    }
}
