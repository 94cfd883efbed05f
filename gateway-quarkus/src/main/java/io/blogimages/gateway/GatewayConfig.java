package io.blogimages.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything the gateway is configured with, under {@code gateway.*} (env {@code GATEWAY_...}). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Routes routes();

    EdgeAuth auth();

    RateLimit rateLimit();

    ThumbnailCache thumbnailCache();

    Cors cors();

    /** CIDRs of the load balancers whose X-Forwarded-For names the client (env GATEWAY_TRUSTED_PROXIES). */
    @WithDefault("127.0.0.1/32,::1/128")
    List<String> trustedProxies();

    interface Routes {
        /** /api/auth/** */
        Backend auth();

        /** /api/posts/** and /api/images/** */
        Backend image();
    }

    interface Backend {
        /** Base URLs of the instances, e.g. http://auth-quarkus:8080 (a Kubernetes Service) or several. */
        List<URI> instances();

        @WithDefault("2S")
        Duration connectTimeout();

        /** Longest wait for the first bytes of the answer, and between two chunks of it. */
        @WithDefault("30S")
        Duration responseTimeout();

        /**
         * Longest pause between two chunks of a request body while the backend waits for more: the client is
         * answered 408 and the call ends, well before the response timeout. Not counted against the backend.
         */
        @WithDefault("10S")
        Duration bodyReadTimeout();

        /** How long an instance that refused a connection is left out of the rotation. */
        @WithDefault("10S")
        Duration ejectionTime();

        CircuitBreaker circuitBreaker();
    }

    interface CircuitBreaker {
        /** Calls looked at to decide whether the backend is failing. */
        @WithDefault("20")
        int requestVolume();

        /** Share of failures (connection errors, timeouts, 5xx) among them that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open (calls answered 503 at once) before it tries again. */
        @WithDefault("10S")
        Duration delay();

        /**
         * Failures one client (by address or by user) may contribute to the breaker's window; its further failures
         * count as successes, so no single client can open the breaker for everyone.
         */
        @WithDefault("2")
        int maxFailuresPerClient();
    }

    interface EdgeAuth {
        /** The auth service's JWK Set. */
        URI jwksUrl();

        @WithDefault("blog-images-auth")
        String issuer();

        @WithDefault("blog-images")
        String audience();

        /** How long fetched keys are used before they are fetched again (unknown kids refetch at once). */
        @WithDefault("5M")
        Duration jwksRefresh();

        /** The shortest time between two fetches triggered by unknown kids, so forged kids cannot flood auth. */
        @WithDefault("10S")
        Duration jwksMinRefetchInterval();
    }

    interface ThumbnailCache {
        /** Total bytes of cached thumbnails (the cache's weight bound). */
        @WithDefault("67108864")
        long maxBytes();

        /** Larger answers are streamed through, not cached. */
        @WithDefault("524288")
        long maxObjectBytes();

        /**
         * Upper bound on how long a thumbnail is served from memory; bounds how long another replica may keep
         * serving an image deleted through a different replica.
         */
        @WithDefault("10M")
        Duration ttl();
    }

    interface Cors {
        /**
         * Blog origins whose pages may read the public image API (GET and HEAD under /api/images and /api/posts)
         * from scripts, without credentials. Nothing else is ever allowed cross-origin.
         */
        List<String> origins();
    }

    interface RateLimit {
        /** Requests per minute per client IP on login, signup and refresh. */
        @WithDefault("10")
        int authPerMinute();

        /** Requests per minute per client IP on everything else under /api. */
        @WithDefault("600")
        int generalPerMinute();

        /** How many client IPs are tracked at most (least recently seen forgotten first). */
        @WithDefault("100000")
        int maxTrackedClients();

        Optional<Boolean> enabled();
    }
}
