package io.blogimages.gateway.route;

import io.blogimages.gateway.GatewayConfig;
import io.blogimages.gateway.edge.ClientAddresses;
import io.blogimages.gateway.edge.LogText;
import io.blogimages.gateway.edge.Problems;
import io.blogimages.gateway.edge.RequestIds;
import io.blogimages.gateway.ratelimit.RateLimiter;
import io.blogimages.gateway.security.EdgeAuthentication;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * The routes of the public API: {@code /api/auth/**} to auth, {@code /api/posts/**} and {@code /api/images/**}
 * to image, any other {@code /api/**} 404. Each call passes the rate limiter and the edge token check, then
 * the Vert.x HTTP proxy streams it to an instance and the answer back, both with back-pressure and never
 * buffered whole.
 */
@ApplicationScoped
public class ProxyRoutes {

    private static final Logger LOG = Logger.getLogger(ProxyRoutes.class);
    public static final String ROUTE = "route";
    public static final String UPSTREAM = "upstream";
    private static final String BODY_STALLED = "bodyStalled";
    private static final ProxyOptions OPTIONS = new ProxyOptions().setSupportWebSocket(false);
    private static final List<String> TRACE_CONTEXT_HEADERS = List.of("traceparent", "tracestate", "baggage");

    private final HttpClient client;
    private final Upstream auth;
    private final Upstream image;
    private final RateLimiter rateLimiter;
    private final EdgeAuthentication edgeAuthentication;
    private final ClientAddresses clients;
    private final ThumbnailCache thumbnails;

    public ProxyRoutes(GatewayConfig config, Vertx vertx, RateLimiter rateLimiter,
                       EdgeAuthentication edgeAuthentication, ClientAddresses clients, ThumbnailCache thumbnails) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(200)
                .setDecompressionSupported(false));
        this.auth = new Upstream("auth", config.routes().auth());
        this.image = new Upstream("image", config.routes().image());
        this.rateLimiter = rateLimiter;
        this.edgeAuthentication = edgeAuthentication;
        this.clients = clients;
        this.thumbnails = thumbnails;
    }

    void register(@Observes Router router) {
        route(router, "/api/auth/*", auth);
        route(router, "/api/posts/*", image);
        route(router, "/api/images/*", image);
        router.route("/api/*").handler(context ->
                Problems.send(context, 404, "Not Found", "There is no API at this path."));
    }

    private void route(Router router, String path, Upstream upstream) {
        router.route(path)
                .handler(context -> {
                    context.put(ROUTE, upstream.name());
                    context.next();
                })
                .handler(rateLimiter::handle)
                .handler(edgeAuthentication::handle)
                .handler(context -> {
                    if (!thumbnails.answer(context)) {
                        continueIfExpected(context);
                        proxy(context, upstream);
                    }
                });
    }

    /**
     * Expect: 100-continue is answered here, once the rate limit and the edge check have passed (a refused call
     * gets its 4xx before the client sends the body), and not forwarded: the proxy sends the body at once.
     */
    private static void continueIfExpected(RoutingContext context) {
        String expect = context.request().getHeader("Expect");
        if (expect != null && expect.equalsIgnoreCase("100-continue")) {
            context.response().writeContinue();
        }
    }

    private void proxy(RoutingContext context, Upstream upstream) {
        HttpServerRequest request = context.request();
        boolean idempotent = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
        Set<Upstream.Instance> tried = new HashSet<>();
        HttpProxy proxy = HttpProxy.reverseProxy(OPTIONS, client);
        proxy.origin(proxyContext -> connect(context, upstream, idempotent, tried));
        proxy.addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext proxyContext) {
                forwardingHeaders(proxyContext.request(), context);
                return send(proxyContext, context, upstream);
            }

            @Override
            public Future<Void> handleProxyResponse(ProxyContext proxyContext) {
                // The gateway answers with the ID it settled on already; the service echoes the same one.
                ProxyResponse response = proxyContext.response();
                response.headers().remove(RequestIds.HEADER);
                // CORS is the gateway's decision alone (PublicReadCors), whatever a service might say
                response.headers().names().removeIf(name -> name.regionMatches(true, 0, "access-control-", 0, 15));
                withoutBodyIfBodiless(response);
                thumbnails.evictIfDeleted(context, response.getStatusCode());
                return thumbnails.keepIfCacheable(context, response)
                        .compose(kept -> proxyContext.sendResponse())
                        .andThen(sent -> {
                            if (Boolean.TRUE.equals(context.get(BODY_STALLED))) {
                                // The rest of the stalled body would be read as the next request
                                context.request().connection().close();
                            }
                        });
            }
        });
        proxy.handle(request);
    }

    /** Connects to the next instance; GET and HEAD move on to another instance when a connection fails. */
    private Future<HttpClientRequest> connect(RoutingContext context, Upstream upstream, boolean idempotent,
                                              Set<Upstream.Instance> tried) {
        var next = upstream.next(tried);
        if (next.isEmpty()) {
            return Future.failedFuture(new Upstream.NoInstanceException(upstream.name()));
        }
        Upstream.Instance instance = next.get();
        tried.add(instance);
        GatewayConfig.Backend config = upstream.config();
        RequestOptions options = new RequestOptions()
                .setServer(instance.address)
                .setHost(instance.uri.getHost())
                .setPort(instance.address.port())
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(config.responseTimeout().toMillis());
        return client.request(options)
                .onSuccess(request -> context.put(UPSTREAM, instance.label()))
                .recover(failure -> {
                    if (isConnectionFailure(failure)) {
                        instance.eject();
                        if (idempotent) {
                            return connect(context, upstream, true, tried);
                        }
                    }
                    return Future.failedFuture(failure);
                });
    }

    /** Sends through the backend's circuit breaker and turns failures into problem answers. */
    private Future<ProxyResponse> send(ProxyContext proxyContext, RoutingContext context, Upstream upstream) {
        guardBody(proxyContext.request(), context, upstream);
        CompletionStage<ProxyResponse> guarded;
        try {
            guarded = upstream.breaker().get(() -> proxyContext.sendRequest()
                    .recover(failure -> Future.failedFuture(classify(context, upstream, failure)))
                    .compose(response -> {
                        if (response.getStatusCode() >= 500) {
                            return Future.failedFuture(attribute(context, upstream, new Upstream.ServerError(response)));
                        }
                        upstream.attribution().success();
                        return Future.succeededFuture(response);
                    })
                    .toCompletionStage());
        } catch (RuntimeException e) {
            guarded = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        return Future.fromCompletionStage(guarded, context.vertx().getOrCreateContext())
                .recover(failure -> {
                    Throwable cause = unwrap(failure);
                    if (cause instanceof Upstream.ClientCaused caused) {
                        cause = unwrap(caused.getCause());
                    }
                    if (cause instanceof Upstream.ServerError error) {
                        return Future.succeededFuture(error.response);
                    }
                    return Future.succeededFuture(problem(proxyContext.request(), context, upstream, cause));
                });
    }

    /**
     * Only the backend's own failures may count towards its breaker (Upstream): a client that hung up or whose
     * body stalled caused its failure itself, a refused connection is always the backend's, and the rest (resets,
     * timeouts) count up to the client's share of the breaker's window.
     */
    private Throwable classify(RoutingContext context, Upstream upstream, Throwable failure) {
        if (Boolean.TRUE.equals(context.get(BODY_STALLED))) {
            upstream.attribution().success();
            return new Upstream.ClientCaused(new StallGuard.BodyStalled());
        }
        // A client that hangs up mid-call (a closed tab, a load tester ending its run) makes the call to the
        // backend fail too; that says nothing about the backend (a burst of abandoned calls used to open it).
        if (context.response().closed()) {
            upstream.attribution().success();
            return new Upstream.ClientGone(failure);
        }
        Throwable cause = unwrap(failure);
        if (isConnectionFailure(cause) || cause instanceof Upstream.NoInstanceException) {
            upstream.attribution().unattributed();
            return failure;
        }
        return attribute(context, upstream, failure);
    }

    private Throwable attribute(RoutingContext context, Upstream upstream, Throwable failure) {
        String address = clients.keyOf(context.request());
        String user = context.get(EdgeAuthentication.USER_ID);
        List<String> keys = user == null ? List.of(address) : List.of(address, "user:" + user);
        return upstream.attribution().attribute(keys) ? failure : new Upstream.ClientCaused(failure);
    }

    /** Request bodies reach the backend through a StallGuard: a client that stops sending is cut off (408). */
    private void guardBody(ProxyRequest request, RoutingContext context, Upstream upstream) {
        Body body = request.getBody();
        if (body == null) {
            return;
        }
        long timeout = upstream.config().bodyReadTimeout().toMillis();
        request.setBody(Body.body(new StallGuard(body.stream(), context.vertx(), timeout,
                () -> context.put(BODY_STALLED, Boolean.TRUE)), body.length()));
    }

    private ProxyResponse problem(ProxyRequest request, RoutingContext context, Upstream upstream, Throwable cause) {
        int status;
        String title;
        String detail;
        String retryAfter = "5";
        if (cause instanceof StallGuard.BodyStalled) {
            status = 408;
            title = "Request Timeout";
            detail = "The request body stopped arriving for over "
                    + upstream.config().bodyReadTimeout().toSeconds() + " s; the call was cancelled.";
            retryAfter = null;
        } else if (cause instanceof TimeoutException) {
            status = 504;
            title = "Gateway Timeout";
            detail = "The " + upstream.name() + " service did not answer in time.";
        } else if (cause instanceof CircuitBreakerOpenException) {
            status = 503;
            title = "Service Unavailable";
            detail = "The " + upstream.name() + " service is failing; calls are paused for a moment.";
            retryAfter = Long.toString(Math.max(1, upstream.config().circuitBreaker().delay().toSeconds()));
        } else {
            status = 503;
            title = "Service Unavailable";
            detail = "The " + upstream.name() + " service cannot be reached.";
        }
        LOG.warnf("%s %s -> %s: %d (%s)", context.request().method(), LogText.escape(context.request().path()),
                upstream.name(), status, cause.toString());
        ProxyResponse response = request.response().release();
        response.headers().clear();
        response.setStatusCode(status)
                .setStatusMessage(title)
                .putHeader("Content-Type", Problems.MEDIA_TYPE)
                .putHeader(RequestIds.HEADER, RequestIds.of(context))
                .setBody(Body.body(Problems.body(status, title, detail, context.request().path(), RequestIds.of(context))));
        if (retryAfter != null) {
            response.putHeader("Retry-After", retryAfter);
        } else {
            // The rest of the body may still be on its way: this connection cannot carry another request
            response.putHeader("Connection", "close");
        }
        return response;
    }

    /**
     * The services learn who the client is from these, and believe them because they come from the gateway:
     * so the gateway sets them from what it knows instead of passing on what the client wrote.
     */
    private void forwardingHeaders(ProxyRequest request, RoutingContext context) {
        HttpServerRequest incoming = context.request();
        // The proxy drops the standard hop-by-hop headers; those the client declares hop-by-hop by naming them in
        // Connection (RFC 9110, 7.6.1) are meant for the gateway alone as well. Removed first, so that a client
        // cannot strip what the gateway sets below (a "Connection: X-Forwarded-For" would otherwise make every
        // such client look like the gateway to the services' per-IP limits).
        for (String connection : incoming.headers().getAll("Connection")) {
            for (String token : connection.split(",")) {
                if (!token.isBlank()) {
                    request.headers().remove(token.trim());
                }
            }
        }
        request.headers().set(RequestIds.HEADER, RequestIds.of(context));
        request.headers().set("X-Forwarded-For", clients.of(incoming));
        String proto = incoming.getHeader("X-Forwarded-Proto");
        boolean trustedPeer = incoming.remoteAddress() != null && clients.isTrustedPeer(incoming.remoteAddress().hostAddress());
        request.headers().set("X-Forwarded-Proto", trustedPeer && proto != null ? proto : incoming.scheme());
        if (incoming.authority() != null) {
            request.headers().set("X-Forwarded-Host", incoming.authority().toString());
        }
        request.headers().remove("Forwarded");
        request.headers().remove("Expect"); // answered by the gateway (continueIfExpected)
        // The caller's trace context was taken in by the gateway's server span; the HTTP client's tracer adds the
        // gateway's own (with the gateway's span as the parent). Passed on too, the caller's would be a second,
        // conflicting traceparent.
        TRACE_CONTEXT_HEADERS.forEach(request.headers()::remove);
    }

    /**
     * 1xx, 204 and 304 answers end with their headers (RFC 9112, 6.3). The proxy announced a chunked body for any
     * answer without Content-Length, so a 304 went out with {@code Transfer-Encoding: chunked}, and strict clients
     * (Python's http.client, requests) waited for a body that never came.
     */
    private static void withoutBodyIfBodiless(ProxyResponse response) {
        int status = response.getStatusCode();
        if (status < 200 || status == 204 || status == 304) {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(response.headers());
            headers.remove("Content-Length");
            headers.remove("Transfer-Encoding");
            // Drops the body and lets the backend's (empty) answer end, which frees its pooled connection
            response.release();
            response.headers().addAll(headers);
            // Vert.x knows a 304 by its status object: one rebuilt with the backend's reason phrase is not it, and
            // got a Content-Length: 0 (RFC 9110, 8.6: only the 200's length may be sent)
            response.setStatusMessage(null);
        }
    }

    private static boolean isConnectionFailure(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof ConnectException || cause instanceof io.netty.channel.ConnectTimeoutException
                || (cause.getCause() instanceof ConnectException);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof io.vertx.core.impl.NoStackTraceTimeoutException || t instanceof io.netty.handler.timeout.TimeoutException) {
            return new TimeoutException(t.getMessage());
        }
        return t;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
