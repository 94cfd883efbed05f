package io.blogimages.auth.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an ID (contract: the caller's {@code X-Request-Id} when it is 1–64 characters of
 * {@code [A-Za-z0-9._-]}, otherwise a new one), answers with it, and puts it in the logging context so every
 * log line of the request carries it.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    void register(@Observes Filters filters) {
        // Runs before everything else, including security and the health endpoints.
        filters.register(this::assign, 1000);
    }

    private void assign(RoutingContext context) {
        String offered = context.request().getHeader(HEADER);
        String id = offered != null && VALID.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        context.put(MDC_KEY, id);
        context.response().putHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        context.addEndHandler(done -> MDC.remove(MDC_KEY));
        context.next();
    }

    /** The ID assigned to the request, or a fresh one for the rare answer given before the filter ran. */
    public static String of(HttpServerRequest request) {
        String id = request.response().headers().get(HEADER);
        return id != null ? id : UUID.randomUUID().toString();
    }
}
