package io.blogimages.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.blogimages.gateway.GatewayConfig;
import io.blogimages.gateway.edge.ClientAddresses;
import io.blogimages.gateway.edge.Problems;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Token buckets per client IP (Bucket4j): a strict one for login, signup and refresh, a general one for the
 * rest of the API. Answers {@code RateLimit-Limit/-Remaining/-Reset} on every limited call and 429 with
 * {@code Retry-After} when a bucket is empty. Buckets live in a size-bounded cache, so a flood of addresses
 * cannot exhaust memory. Each replica limits on its own; the limits are per replica.
 *
 * <p>Native executables: Caffeine loads the classes generated for a builder configuration by name; for
 * maximumSize + expireAfterAccess that is cache {@code SSMSA} (registered by quarkus-caffeine) and node
 * {@code PSAMS}, which quarkus-caffeine does not register, hence here.
 */
@ApplicationScoped
@RegisterForReflection(classNames = "com.github.benmanes.caffeine.cache.PSAMS")
public class RateLimiter {

    private static final Set<String> AUTH_PATHS = Set.of("/api/auth/login", "/api/auth/signup", "/api/auth/refresh");

    private final ClientAddresses clients;
    private final MeterRegistry metrics;
    private final boolean enabled;
    private final Limit auth;
    private final Limit general;

    public RateLimiter(GatewayConfig config, ClientAddresses clients, MeterRegistry metrics) {
        this.clients = clients;
        this.metrics = metrics;
        GatewayConfig.RateLimit limits = config.rateLimit();
        this.enabled = limits.enabled().orElse(true);
        this.auth = new Limit("auth", limits.authPerMinute(), limits.maxTrackedClients());
        this.general = new Limit("general", limits.generalPerMinute(), limits.maxTrackedClients());
    }

    public void handle(RoutingContext context) {
        if (!enabled || context.request().method() == HttpMethod.OPTIONS) {
            context.next();
            return;
        }
        Limit limit = AUTH_PATHS.contains(context.request().path()) ? auth : general;
        Bucket bucket = limit.buckets.get(clients.keyOf(context.request()), ip -> limit.newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long resetSeconds = Math.max(1, (probe.getNanosToWaitForReset() + 999_999_999L) / 1_000_000_000L);
        var response = context.response()
                .putHeader("RateLimit-Limit", Integer.toString(limit.perMinute))
                .putHeader("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()))
                .putHeader("RateLimit-Reset", Long.toString(resetSeconds));
        if (probe.isConsumed()) {
            context.next();
            return;
        }
        metrics.counter("gateway.ratelimit.rejected", "limit", limit.name).increment();
        long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        response.putHeader("RateLimit-Reset", Long.toString(retryAfter));
        Problems.send(context, 429, "Too Many Requests",
                "Too many requests from your address; try again in " + retryAfter + " s.",
                Map.of("Retry-After", Long.toString(retryAfter)));
    }

    private static final class Limit {
        final String name;
        final int perMinute;
        final Cache<String, Bucket> buckets;

        Limit(String name, int perMinute, int maxClients) {
            this.name = name;
            this.perMinute = perMinute;
            this.buckets = Caffeine.newBuilder().maximumSize(maxClients).expireAfterAccess(Duration.ofMinutes(2)).build();
        }

        Bucket newBucket() {
            return Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                    .build();
        }
    }
}
