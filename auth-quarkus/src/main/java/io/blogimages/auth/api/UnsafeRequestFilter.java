package io.blogimages.auth.api;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * Refuses, with a 400 problem, any request whose path or query (percent-decoded) or header values hold a control
 * character. Nothing downstream has to wonder whether a NUL can reach PostgreSQL or a line break a log line.
 * Runs right after {@link RequestIds}, so the problem carries the request ID.
 */
@ApplicationScoped
public class UnsafeRequestFilter {

    private static final Logger LOG = Logger.getLogger(UnsafeRequestFilter.class);

    void register(@Observes Filters filters) {
        filters.register(this::check, 900);
    }

    private void check(RoutingContext context) {
        String where = unsafePart(context);
        if (where == null) {
            context.next();
            return;
        }
        LOG.debugf("refused a request with a control character in %s", where);
        Problem problem = new Problem("urn:blog-images:problem:validation", "Invalid request", 400,
                "The request's " + where + " contains control characters.", context.request().path(),
                RequestIds.of(context.request()), List.of(new Problem.FieldError(where, "must not contain control characters")));
        context.response().setStatusCode(400).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Json.encode(problem));
    }

    /** Which part of the request is unsafe ({@code path}, {@code query} or {@code header:<name>}), or null. */
    private static String unsafePart(RoutingContext context) {
        String path = context.request().path();
        if (path != null && !decodesSafely(path)) {
            return "path";
        }
        String query = context.request().query();
        if (query != null && !decodesSafely(query)) {
            return "query";
        }
        for (Map.Entry<String, String> header : context.request().headers()) {
            if (ControlCharacters.hasAsciiControl(header.getValue())) {
                return "header:" + header.getKey();
            }
        }
        return null;
    }

    private static boolean decodesSafely(String raw) {
        if (ControlCharacters.hasAsciiControl(raw)) {
            return false;
        }
        if (raw.indexOf('%') < 0) {
            return true;
        }
        try {
            return !ControlCharacters.isUnsafeText(QueryStringDecoder.decodeComponent(raw));
        } catch (IllegalArgumentException malformed) {
            return false; // a broken %-escape is no path of ours either
        }
    }
}
