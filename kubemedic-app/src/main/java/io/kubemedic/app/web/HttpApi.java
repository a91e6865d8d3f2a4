package io.kubemedic.app.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.app.intake.AlertIntake;
import io.kubemedic.app.intake.AlertPayloads;
import io.kubemedic.app.intake.IntakeException;
import io.kubemedic.app.intake.RemediateBridge;
import io.kubemedic.app.report.HealingMetrics;
import io.kubemedic.core.config.KubemedicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The HTTP API: alert intake (Alertmanager webhook, generic alerts), the Elastic workflow bridge, incidents, health
 * and metrics. Every POST and every {@code /api} read needs a bearer token; health and metrics do not. Every refusal
 * is JSON {@code {"error", "message"}} with a 4xx status, decided before anything reaches the engine or the cluster.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What the API serves; the readiness check is the caller's (informers synced, store writable). {@code mcp}, when
     * given, is the MCP Streamable HTTP servlet, mounted at {@code /mcp} behind the same bearer tokens.
     */
    public record Parts(KubemedicConfig config, Tokens tokens, AlertIntake intake, RemediateBridge bridge, AuditStore store,
                        HealingMetrics metrics, BooleanSupplier ready, jakarta.servlet.http.HttpServlet mcp) {
        public Parts(KubemedicConfig config, Tokens tokens, AlertIntake intake, RemediateBridge bridge, AuditStore store,
                     HealingMetrics metrics, BooleanSupplier ready) {
            this(config, tokens, intake, bridge, store, metrics, ready, null);
        }
    }

    /** The servlet request attribute the {@code /mcp} token check leaves the caller's identity in ({@code token:<8 hex>}). */
    public static final String MCP_CALLER = "kubemedic.caller";

    private final Javalin app;
    private final Parts parts;

    private HttpApi(Parts parts) {
        this.parts = parts;
        int maxBody = parts.config().httpMaxBody();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = maxBody;
            config.jetty.host = parts.config().httpAddress();
            config.jetty.port = parts.config().httpPort();
            if (parts.mcp() != null) {
                config.jetty.modifyServletContextHandler(handler -> mountMcp(handler, parts));
            }
            config.routes.get("/healthz", ctx -> json(ctx, 200, Map.of("status", "ok")));
            config.routes.get("/readyz", this::ready);
            config.routes.get("/metrics", ctx -> ctx.contentType(HealingMetrics.contentType()).result(parts.metrics().scrape()));
            config.routes.post("/api/v1/alerts/alertmanager", guarded(ctx -> alerts(ctx, AlertPayloads::alertmanager)));
            config.routes.post("/api/v1/alerts", guarded(ctx -> alerts(ctx, AlertPayloads::generic)));
            config.routes.post("/api/v1/remediate", guarded(this::remediate));
            config.routes.get("/api/v1/alerts", guarded(ctx -> json(ctx, 200, Map.of("alerts", parts.store().alerts(limit(ctx))))));
            config.routes.get("/api/v1/incidents", guarded(ctx -> json(ctx, 200, Map.of("incidents", parts.store().incidents(limit(ctx))))));
            config.routes.get("/api/v1/incidents/{id}", guarded(this::incident));
            config.routes.post("/api/v1/actions/{id}/approve", guarded(ctx -> decide(ctx, true)));
            config.routes.post("/api/v1/actions/{id}/reject", guarded(ctx -> decide(ctx, false)));
            config.routes.exception(IntakeException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
            config.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), switch (e.getStatus()) {
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 413 -> "payload_too_large";
                default -> "http_" + e.getStatus();
            }, e.getStatus() == 404 ? "no such endpoint: " + ctx.method() + " " + ctx.path() : e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("HTTP {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal_error", "the request could not be handled: " + e.getClass().getSimpleName());
            });
            config.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) { // Javalin's own "not found", not one of ours
                    error(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path());
                }
            });
            config.routes.error(405, ctx -> error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()));
        });
    }

    /** Starts the server on {@code http.address}:{@code http.port} (0 picks a free port, see {@link #port()}). */
    public static HttpApi start(Parts parts) {
        HttpApi api = new HttpApi(parts);
        api.app.start();
        LOG.info("HTTP API listening on {}:{} ({})", parts.config().httpAddress(), api.port(),
                parts.tokens().isEmpty() ? "no tokens configured: every POST is refused" : parts.tokens());
        return api;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private void ready(Context ctx) {
        boolean ok = parts.ready().getAsBoolean();
        json(ctx, ok ? 200 : 503, Map.of("status", ok ? "ready" : "not ready",
                "message", ok ? "informers synced, store writable" : "informers not synced or the store is not writable"));
    }

    private void alerts(Context ctx, Function<JsonNode, List<io.kubemedic.app.intake.Alert>> parse) {
        JsonNode body = body(ctx);
        AlertIntake.Receipt receipt = parts.intake().receive(parse.apply(body));
        receipt.results().forEach(r -> parts.metrics().alert(r.target() == null ? "rejected" : sourceOf(ctx), r.status(), r.disposition()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("alerts", receipt.results());
        if (!receipt.anyAccepted()) {
            var first = receipt.results().getFirst();
            answer.put("error", first.disposition());
            answer.put("message", first.reason());
            json(ctx, 422, answer);
            return;
        }
        answer.put("status", "accepted");
        json(ctx, 202, answer);
    }

    private static String sourceOf(Context ctx) {
        return ctx.path().endsWith("alertmanager") ? "alertmanager" : "generic";
    }

    private void remediate(Context ctx) {
        RemediateBridge.Answer a = parts.bridge().remediate(body(ctx), ctx.attribute("caller"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", a.status());
        answer.put("message", a.message());
        answer.put("action_id", a.actionId());
        answer.put("incident_id", a.incidentId());
        json(ctx, a.httpStatus(), answer);
    }

    /** {@code id} is the incident whose pending step is meant. */
    private void decide(Context ctx, boolean approve) {
        RemediateBridge.Answer a = parts.bridge().decide(ctx.pathParam("id"), ctx.attribute("caller"), approve);
        json(ctx, a.httpStatus(), Map.of("status", a.status(), "message", a.message(), "incident_id", a.incidentId()));
    }

    private void incident(Context ctx) {
        String id = ctx.pathParam("id");
        var incident = parts.store().incident(id).orElseThrow(() -> IntakeException.notFound("incident_not_found", "no incident with id '" + id + "'"));
        json(ctx, 200, Map.of("incident", incident, "records", parts.store().byIncident(id)));
    }

    /** Authentication first: a request without a valid token learns nothing else about the API. */
    private Handler guarded(Handler handler) {
        return ctx -> {
            var caller = parts.tokens().authenticate(ctx.header("Authorization"));
            if (caller.isEmpty()) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"kubemedic\"");
                error(ctx, 401, "unauthorized", ctx.header("Authorization") == null ? "missing bearer token (Authorization: Bearer <token>)"
                        : "the bearer token is not valid");
                return;
            }
            ctx.attribute("caller", caller.get());
            handler.handle(ctx);
        };
    }

    /**
     * {@code /mcp}: the MCP servlet (asynchronous: it answers with server-sent events) behind a filter that asks for a
     * bearer token first, exactly like {@link #guarded}, and hands the caller's identity to the MCP transport.
     */
    private static void mountMcp(org.eclipse.jetty.ee10.servlet.ServletContextHandler handler, Parts parts) {
        var servlet = new org.eclipse.jetty.ee10.servlet.ServletHolder("mcp", parts.mcp());
        servlet.setAsyncSupported(true);
        handler.addServlet(servlet, "/mcp");
        var filter = new org.eclipse.jetty.ee10.servlet.FilterHolder(new McpTokenFilter(parts.tokens()));
        filter.setAsyncSupported(true);
        handler.addFilter(filter, "/mcp", java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
    }

    /** The bearer-token check of {@code /mcp}: 401 JSON and {@code WWW-Authenticate: Bearer} without a valid token. */
    private static final class McpTokenFilter implements jakarta.servlet.Filter {
        private final Tokens tokens;

        McpTokenFilter(Tokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response, jakarta.servlet.FilterChain chain)
                throws java.io.IOException, jakarta.servlet.ServletException {
            var req = (jakarta.servlet.http.HttpServletRequest) request;
            var res = (jakarta.servlet.http.HttpServletResponse) response;
            String header = req.getHeader("Authorization");
            var caller = tokens.authenticate(header);
            if (caller.isEmpty()) {
                Map<String, String> body = new LinkedHashMap<>();
                body.put("error", "unauthorized");
                body.put("message", header == null ? "missing bearer token (Authorization: Bearer <token>)" : "the bearer token is not valid");
                res.setStatus(401);
                res.setHeader("WWW-Authenticate", "Bearer realm=\"kubemedic\"");
                res.setContentType("application/json");
                res.getOutputStream().write(JSON.writeValueAsBytes(body));
                return;
            }
            req.setAttribute(MCP_CALLER, caller.get());
            chain.doFilter(request, response);
        }
    }

    /** The JSON body: 415 for another content type, 413 over the limit, 400 when it does not parse. */
    private JsonNode body(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new IntakeException(415, "unsupported_media_type", "expected Content-Type: application/json, got " + (type == null ? "none" : "'" + type + "'"));
        }
        long declared = ctx.contentLength();
        if (declared > parts.config().httpMaxBody()) {
            drain(ctx, 16L * parts.config().httpMaxBody()); // let the client finish sending, or it never reads the answer
            ctx.header("Connection", "close");
            throw new IntakeException(413, "payload_too_large", "the body is " + declared + " bytes; at most " + parts.config().httpMaxBody() + " are accepted");
        }
        byte[] raw = ctx.bodyAsBytes();
        if (raw.length > parts.config().httpMaxBody()) {
            throw new IntakeException(413, "payload_too_large", "the body is larger than " + parts.config().httpMaxBody() + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || node.isMissingNode()) {
                throw IntakeException.badRequest("the body is empty; expected JSON");
            }
            return node;
        } catch (JacksonException e) {
            throw IntakeException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Reads and drops at most {@code max} bytes of the request body. */
    private static void drain(Context ctx, long max) {
        try (var in = ctx.req().getInputStream()) {
            byte[] buffer = new byte[65_536];
            long read = 0;
            int n;
            while (read < max && (n = in.read(buffer)) > 0) {
                read += n;
            }
        } catch (java.io.IOException e) {
            // the client went away: nothing to answer
        }
    }

    private static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw IntakeException.unprocessable("invalid_parameter", "'limit' must be a whole number from 1 to 1000");
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    static void error(Context ctx, int status, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message == null ? "" : message);
        json(ctx, status, body);
    }
}
