package io.blogimages.gateway.edge;

import io.blogimages.gateway.route.ProxyRoutes;
import io.blogimages.gateway.security.EdgeAuthentication;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One access-log line per request (category {@code io.blogimages.gateway.access}) with the request ID,
 * method, path, route, status, bytes sent, duration, client IP, upstream instance and user id, never a token or
 * a query string. The fields also go into the logging context, so JSON logging (prod) emits them as fields.
 * Also times every API call per route, upstream and status class (latency histogram).
 */
@ApplicationScoped
public class AccessLog {

    private static final Logger LOG = Logger.getLogger("io.blogimages.gateway.access");

    private final ClientAddresses clients;
    private final MeterRegistry metrics;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public AccessLog(ClientAddresses clients, MeterRegistry metrics) {
        this.clients = clients;
        this.metrics = metrics;
    }

    void register(@Observes Filters filters) {
        filters.register(this::record, 900); // right after the request ID (1000)
    }

    private void record(RoutingContext context) {
        long start = System.nanoTime();
        context.addEndHandler(done -> {
            long nanos = System.nanoTime() - start;
            String route = valueOr(context.get(ProxyRoutes.ROUTE), context.request().path().startsWith("/api/") ? "none" : "static");
            String upstream = valueOr(context.get(ProxyRoutes.UPSTREAM), "-");
            int status = context.response().getStatusCode();
            Map<String, String> fields = Map.of(
                    "method", context.request().method().name(),
                    "path", LogText.escape(context.request().path()),
                    "route", route,
                    "status", Integer.toString(status),
                    "bytes", Long.toString(context.response().bytesWritten()),
                    "durationMs", Long.toString(nanos / 1_000_000),
                    "clientIp", clients.of(context.request()),
                    "upstream", upstream,
                    "userId", valueOr(context.get(EdgeAuthentication.USER_ID), "-"));
            fields.forEach(MDC::put);
            MDC.put("requestId", RequestIds.of(context));
            try {
                // Concatenated, not infof: the format string was parsed again on every request (bench: the log
                // line's formatting was a tenth of the gateway's CPU on cached thumbnails).
                LOG.info(fields.get("method") + " " + fields.get("path") + " " + fields.get("status") + " "
                        + fields.get("bytes") + "B " + fields.get("durationMs") + "ms route=" + route + " upstream="
                        + upstream + " client=" + fields.get("clientIp") + " user=" + fields.get("userId"));
            } finally {
                fields.keySet().forEach(MDC::remove);
            }
            if (!"static".equals(route)) {
                timer(route, upstream, context.request().method().name(), (status / 100) + "xx")
                        .record(nanos, TimeUnit.NANOSECONDS);
            }
        });
        context.next();
    }

    /** One timer per route, upstream, method and status class, looked up without building its ID each time. */
    private Timer timer(String route, String upstream, String method, String statusClass) {
        return timers.computeIfAbsent(String.join(" ", route, upstream, method, statusClass), key ->
                Timer.builder("gateway.requests")
                        .description("API calls through the gateway")
                        .tag("route", route)
                        .tag("upstream", upstream)
                        .tag("method", method)
                        .tag("status", statusClass)
                        .publishPercentileHistogram()
                        .register(metrics));
    }

    private static String valueOr(Object value, String fallback) {
        return value == null ? fallback : value.toString();
    }
}
