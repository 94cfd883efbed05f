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

import java.time.Duration;
import java.util.Map;

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
                    "path", context.request().path(),
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
                LOG.infof("%s %s %s %sB %sms route=%s upstream=%s client=%s user=%s", fields.get("method"),
                        fields.get("path"), fields.get("status"), fields.get("bytes"), fields.get("durationMs"), route,
                        upstream, fields.get("clientIp"), fields.get("userId"));
            } finally {
                fields.keySet().forEach(MDC::remove);
            }
            if (!"static".equals(route)) {
                Timer.builder("gateway.requests")
                        .description("API calls through the gateway")
                        .tag("route", route)
                        .tag("upstream", upstream)
                        .tag("method", context.request().method().name())
                        .tag("status", (status / 100) + "xx")
                        .publishPercentileHistogram()
                        .register(metrics)
                        .record(Duration.ofNanos(nanos));
            }
        });
        context.next();
    }

    private static String valueOr(Object value, String fallback) {
        return value == null ? fallback : value.toString();
    }
}
