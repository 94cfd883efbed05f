package io.blogimages.gateway.route;

import io.blogimages.gateway.GatewayConfig;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.util.TypeLiteral;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend service and its instances: round-robin over the instances that are not ejected (an instance
 * that refused a connection sits out for the ejection time), and a circuit breaker (SmallRye Fault
 * Tolerance) over the backend as a whole, so a failing service is answered 503 at once instead of piling up
 * waiting requests.
 */
public final class Upstream {

    private static final Logger LOG = Logger.getLogger(Upstream.class);

    /** A 5xx answer counts as a failure for the breaker; the answer itself is still passed on. */
    static final class ServerError extends RuntimeException {
        final transient ProxyResponse response;

        ServerError(ProxyResponse response) {
            super("upstream answered " + response.getStatusCode(), null, false, false);
            this.response = response;
        }
    }

    /**
     * A failure the client caused, or over its share of the breaker's window (FailureAttribution): answered as
     * its cause, counted by the breaker as a success (skipOn).
     */
    static final class ClientCaused extends RuntimeException {
        ClientCaused(Throwable cause) {
            super("caused by the client", cause, false, false);
        }
    }

    /** The client went away before the backend answered: the breaker counts it as a success (skipOn). */
    static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super("the client closed the connection", cause, false, false);
        }
    }

    public final class Instance {
        final URI uri;
        final SocketAddress address;
        volatile Instant ejectedUntil = Instant.EPOCH;

        Instance(URI uri) {
            this.uri = uri;
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            this.address = SocketAddress.inetSocketAddress(port, uri.getHost());
        }

        boolean available(Instant now) {
            return !now.isBefore(ejectedUntil);
        }

        void eject() {
            ejectedUntil = Instant.now().plus(config.ejectionTime());
            LOG.warnf("%s instance %s refused a connection: out of rotation for %s", name, uri, config.ejectionTime());
        }

        public String label() {
            return uri.getHost() + ":" + address.port();
        }
    }

    private final String name;
    private final GatewayConfig.Backend config;
    private final List<Instance> instances;
    private final AtomicInteger cursor = new AtomicInteger();
    private final TypedGuard<CompletionStage<ProxyResponse>> breaker;
    private final FailureAttribution attribution;

    Upstream(String name, GatewayConfig.Backend config) {
        this.name = name;
        this.config = config;
        this.instances = config.instances().stream().map(Instance::new).toList();
        if (instances.isEmpty()) {
            throw new IllegalStateException("gateway.routes." + name + ".instances is empty");
        }
        GatewayConfig.CircuitBreaker cb = config.circuitBreaker();
        this.attribution = new FailureAttribution(cb.requestVolume(), cb.maxFailuresPerClient());
        this.breaker = TypedGuard.create(new TypeLiteral<CompletionStage<ProxyResponse>>() {
                })
                .withDescription("upstream " + name)
                .withCircuitBreaker()
                .name("upstream-" + name)
                .requestVolumeThreshold(cb.requestVolume())
                .failureRatio(cb.failureRatio())
                .delay(cb.delay().toMillis(), ChronoUnit.MILLIS)
                .failOn(List.of(ServerError.class, TimeoutException.class, java.net.ConnectException.class,
                        io.vertx.core.http.HttpClosedException.class, NoInstanceException.class))
                // Named explicitly: the breaker otherwise also counted exceptions missing from failOn.
                .skipOn(List.of(ClientGone.class, ClientCaused.class))
                .onStateChange(state -> LOG.infof("circuit breaker of %s: %s", name, state))
                .done()
                .withThreadOffload(false)
                .build();
    }

    public String name() {
        return name;
    }

    GatewayConfig.Backend config() {
        return config;
    }

    TypedGuard<CompletionStage<ProxyResponse>> breaker() {
        return breaker;
    }

    FailureAttribution attribution() {
        return attribution;
    }

    /** The next instance in rotation that is neither ejected nor already tried for this request. */
    Optional<Instance> next(Set<Instance> tried) {
        Instant now = Instant.now();
        int size = instances.size();
        int start = Math.floorMod(cursor.getAndIncrement(), size);
        for (int i = 0; i < size; i++) {
            Instance candidate = instances.get((start + i) % size);
            if (!tried.contains(candidate) && candidate.available(now)) {
                return Optional.of(candidate);
            }
        }
        // Every instance is ejected: trying one beats refusing outright (it may be back already).
        for (int i = 0; i < size; i++) {
            Instance candidate = instances.get((start + i) % size);
            if (!tried.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static final class NoInstanceException extends RuntimeException {
        NoInstanceException(String name) {
            super("no instance of " + name + " accepted a connection", null, false, false);
        }
    }
}
