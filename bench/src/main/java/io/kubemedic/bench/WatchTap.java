package io.kubemedic.bench;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.WebSocket;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Kubemedic's HTTP client with a tap on its watch connections (WebSockets, fabric8's default): when a watch message
 * arrives that carries the pod the harness armed, in CrashLoopBackOff, it is stamped with {@link System#nanoTime()}
 * on the I/O thread, before fabric8 parses it. That is the moment the crash reached Kubemedic, the start of its own
 * part; an independent informer in the harness may see the same update earlier or later than Kubemedic does.
 */
final class WatchTap implements HttpClient {

    /** What the tap looks for and what it saw; shared by the client and every client derived from it. */
    static final class Arrivals {
        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private volatile String armed;
        private volatile String needle;

        /** The next crash update to stamp is {@code pod}'s. */
        void arm(String pod) {
            needle = "\"name\":\"" + pod + "\"";
            armed = pod;
        }

        Long arrival(String pod) {
            return seen.get(pod);
        }

        void inspect(CharSequence text) {
            inspect(text, System.nanoTime());
        }

        void inspect(ByteBuffer bytes) {
            long now = System.nanoTime();
            if (waiting()) {
                inspect(StandardCharsets.UTF_8.decode(bytes.duplicate()), now);
            }
        }

        private boolean waiting() {
            String pod = armed;
            return pod != null && !seen.containsKey(pod);
        }

        private void inspect(CharSequence text, long arrived) {
            String pod = armed;
            String n = needle;
            if (pod == null || seen.containsKey(pod)) {
                return;
            }
            String s = text.toString();
            if (s.contains("\"kind\":\"Pod\"") && s.contains(n) && s.contains("CrashLoopBackOff")) {
                seen.putIfAbsent(pod, arrived);
            }
        }
    }

    private final HttpClient http;
    private final Arrivals arrivals;

    WatchTap(HttpClient http, Arrivals arrivals) {
        this.http = http;
        this.arrivals = arrivals;
    }

    @Override public void close() { http.close(); }
    @Override public boolean isClosed() { return http.isClosed(); }
    @Override public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, Class<T> type) { return http.sendAsync(request, type); }
    @Override public HttpRequest.Builder newHttpRequestBuilder() { return http.newHttpRequestBuilder(); }

    @Override
    public CompletableFuture<HttpResponse<AsyncBody>> consumeBytes(HttpRequest request, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        return http.consumeBytes(request, consumer);
    }

    @Override
    public DerivedClientBuilder newBuilder() {
        DerivedClientBuilder b = http.newBuilder();
        return new DerivedClientBuilder() {
            @Override public HttpClient build() { return new WatchTap(b.build(), arrivals); }
            @Override public DerivedClientBuilder addOrReplaceInterceptor(String name, Interceptor i) { b.addOrReplaceInterceptor(name, i); return this; }
            @Override public DerivedClientBuilder authenticatorNone() { b.authenticatorNone(); return this; }
            @Override public DerivedClientBuilder tag(Object tag) { b.tag(tag); return this; }
        };
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        WebSocket.Builder b = http.newWebSocketBuilder();
        return new WebSocket.Builder() {
            @Override public CompletableFuture<WebSocket> buildAsync(WebSocket.Listener listener) { return b.buildAsync(tapped(listener)); }
            @Override public WebSocket.Builder subprotocol(String protocol) { b.subprotocol(protocol); return this; }
            @Override public WebSocket.Builder header(String name, String value) { b.header(name, value); return this; }
            @Override public WebSocket.Builder setHeader(String name, String value) { b.setHeader(name, value); return this; }
            @Override public WebSocket.Builder uri(URI uri) { b.uri(uri); return this; }
            @Override public WebSocket.Builder connectTimeout(long timeout, TimeUnit unit) { b.connectTimeout(timeout, unit); return this; }
        };
    }

    private WebSocket.Listener tapped(WebSocket.Listener listener) {
        return new WebSocket.Listener() {
            @Override public void onOpen(WebSocket ws) { listener.onOpen(ws); }
            @Override public void onMessage(WebSocket ws, String text) { arrivals.inspect(text); listener.onMessage(ws, text); }
            @Override public void onMessage(WebSocket ws, ByteBuffer bytes) { arrivals.inspect(bytes); listener.onMessage(ws, bytes); }
            @Override public void onClose(WebSocket ws, int code, String reason) { listener.onClose(ws, code, reason); }
            @Override public void onError(WebSocket ws, Throwable error) { listener.onError(ws, error); }
        };
    }
}
