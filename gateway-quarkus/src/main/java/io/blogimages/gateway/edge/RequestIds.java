package io.blogimages.gateway.edge;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Every request gets an ID (the caller's {@code X-Request-Id} if it is 1–64 characters of
 * {@code [A-Za-z0-9._-]}, otherwise a new one): answered, forwarded to the services, in every log line.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String KEY = "requestId";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    void register(@Observes Filters filters) {
        filters.register(this::assign, 1000);
    }

    private void assign(RoutingContext context) {
        String offered = context.request().getHeader(HEADER);
        String id = offered != null && VALID.matcher(offered).matches() ? offered : newId();
        context.put(KEY, id);
        // The services see the ID the gateway settled on, never an invalid one.
        context.request().headers().set(HEADER, id);
        context.response().putHeader(HEADER, id);
        MDC.put(KEY, id);
        context.addEndHandler(done -> MDC.remove(KEY));
        context.next();
    }

    public static String of(RoutingContext context) {
        String id = context.get(KEY);
        return id != null ? id : newId();
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: request IDs must be unique, not unguessable, and
     * {@code UUID.randomUUID()} draws on the shared SecureRandom, a lock every request of every event loop took.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;               // version 4
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | Long.MIN_VALUE; // IETF variant
        return new UUID(high, low).toString();
    }
}
