package io.blogimages.gateway.edge;

import io.blogimages.gateway.GatewayConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CORS for the one thing other origins need: blog pages reading the public image API (GET and HEAD under
 * {@code /api/images/} and {@code /api/posts/}) from scripts, for the configured blog origins, never with
 * credentials. Token endpoints and writes get no CORS headers at all, so no other origin can read a token or an
 * answer made with the admin's cookie; their preflights are refused. The admin UI is same-origin and needs none.
 * (Quarkus' CORS filter applies one policy to every path, with credentials for all or none, hence this one.)
 */
@ApplicationScoped
public class PublicReadCors {

    private static final Set<String> ALLOWED_HEADERS = Set.of("x-request-id", "if-none-match", "if-modified-since",
            "range", "accept", "accept-language", "content-language");
    private static final String ALLOWED_HEADERS_VALUE = "X-Request-Id, If-None-Match, If-Modified-Since, Range";
    private static final String EXPOSED = "X-Request-Id, ETag, Content-Range, Content-Length, Retry-After, "
            + "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset";

    private final Set<String> origins;

    public PublicReadCors(GatewayConfig config) {
        this.origins = Set.copyOf(config.cors().origins());
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, 700); // after the path checks (800), before any route
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader("Origin");
        boolean publicRead = isPublicReadPath(request.path());
        if (publicRead) {
            context.response().putHeader("Vary", "Origin");
        }
        if (origin == null) {
            context.next();
            return;
        }
        String requestedMethod = request.getHeader("Access-Control-Request-Method");
        if (request.method() == HttpMethod.OPTIONS && requestedMethod != null) {
            preflight(context, origin, publicRead, requestedMethod);
            return;
        }
        if (publicRead && origins.contains(origin)
                && (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD)) {
            context.response()
                    .putHeader("Access-Control-Allow-Origin", origin)
                    .putHeader("Access-Control-Expose-Headers", EXPOSED);
        }
        context.next();
    }

    private void preflight(RoutingContext context, String origin, boolean publicRead, String requestedMethod) {
        boolean allowed = publicRead && origins.contains(origin)
                && (requestedMethod.equals("GET") || requestedMethod.equals("HEAD"))
                && headersAllowed(context.request().getHeader("Access-Control-Request-Headers"));
        if (!allowed) {
            Problems.send(context, 403, "Forbidden",
                    "Cross-origin calls are allowed only for public image reads (GET, HEAD) from the configured blog origins.",
                    Map.of());
            return;
        }
        context.response().setStatusCode(204)
                .putHeader("Access-Control-Allow-Origin", origin)
                .putHeader("Access-Control-Allow-Methods", "GET, HEAD")
                .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS_VALUE)
                .putHeader("Access-Control-Max-Age", "3600")
                .end();
    }

    private static boolean headersAllowed(String requested) {
        if (requested == null || requested.isBlank()) {
            return true;
        }
        for (String header : requested.split(",")) {
            String name = header.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !ALLOWED_HEADERS.contains(name)) {
                return false;
            }
        }
        return true;
    }

    static boolean isPublicReadPath(String path) {
        return path.startsWith("/api/images/") || path.startsWith("/api/posts/") || path.equals("/api/posts");
    }
}
