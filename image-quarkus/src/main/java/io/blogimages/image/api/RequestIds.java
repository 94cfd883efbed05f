package io.blogimages.image.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is well-formed, else a new UUID. The
 * request header is normalised so every later stage (resources, exception mappers) reads the same value;
 * the response echoes it, and it sits in the MDC as {@code requestId} for the log format.
 *
 * <p>A Vert.x route (first of all) rather than only a JAX-RS filter, so that answers produced outside REST
 * (health, metrics, body-size refusals) carry it too.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::assign);
    }

    private void assign(RoutingContext context) {
        String requestId = valid(context.request().getHeader(HEADER));
        context.request().headers().set(HEADER, requestId);
        context.response().headers().set(HEADER, requestId);
        MDC.put(MDC_KEY, requestId);
        context.next();
    }

    /** Again on the thread that runs the resource method (a virtual thread for blocking endpoints). */
    @ServerRequestFilter(preMatching = true)
    void intoMdc(ContainerRequestContext request) {
        MDC.put(MDC_KEY, valid(request.getHeaderString(HEADER)));
    }

    /** The caller's id if acceptable, otherwise a fresh one. */
    public static String valid(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches() ? candidate : UUID.randomUUID().toString();
    }
}
