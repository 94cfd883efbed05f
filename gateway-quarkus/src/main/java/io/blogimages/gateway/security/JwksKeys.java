package io.blogimages.gateway.security;

import io.blogimages.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The auth service's public keys, fetched without blocking and cached. Refetched when they are older than the
 * refresh interval or when a token names an unknown {@code kid} (at most once per minimum interval); while
 * auth is unreachable the last good keys stay in use. Only when no keys were ever obtained does it fail.
 */
@ApplicationScoped
public class JwksKeys {

    private static final Logger LOG = Logger.getLogger(JwksKeys.class);

    private final GatewayConfig.EdgeAuth config;
    private final HttpClient client;
    private final Clock clock = Clock.systemUTC();

    private volatile List<JsonWebKey> keys;
    private volatile Instant fetchedAt = Instant.EPOCH;
    private volatile Instant lastAttempt = Instant.EPOCH;
    private Future<List<JsonWebKey>> inFlight;

    public JwksKeys(GatewayConfig config, Vertx vertx) {
        this.config = config.auth();
        URI uri = config.auth().jwksUrl();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setSsl("https".equals(uri.getScheme()))
                .setConnectTimeout(2000)
                .setIdleTimeout(5));
    }

    /** The keys to verify with: cached, or fetched when stale (falling back to the stale ones on failure). */
    public Future<List<JsonWebKey>> current() {
        List<JsonWebKey> cached = fresh();
        return cached != null ? Future.succeededFuture(cached) : fetch();
    }

    /** The cached keys while they are fresh, without waiting for anything; null when they must be fetched. */
    public List<JsonWebKey> fresh() {
        List<JsonWebKey> cached = keys;
        return cached != null && clock.instant().isBefore(fetchedAt.plus(config.jwksRefresh())) ? cached : null;
    }

    /** A token named a kid we do not know: fetch again, unless we did so moments ago. */
    public Future<List<JsonWebKey>> refetchForUnknownKid() {
        if (keys != null && clock.instant().isBefore(lastAttempt.plus(config.jwksMinRefetchInterval()))) {
            return Future.succeededFuture(keys);
        }
        return fetch();
    }

    private synchronized Future<List<JsonWebKey>> fetch() {
        if (inFlight != null) {
            return inFlight; // concurrent requests share one fetch
        }
        lastAttempt = clock.instant();
        URI uri = config.jwksUrl();
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        Promise<List<JsonWebKey>> promise = Promise.promise();
        inFlight = promise.future();
        // With headers of its own: Quarkus' OpenTelemetry client tracer reads them and fails on a request with none.
        client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost()).setPort(port)
                        .setURI(uri.getRawPath()).setTimeout(5000).putHeader("Accept", "application/json"))
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200
                        ? response.body()
                        : Future.failedFuture("JWKS answered " + response.statusCode()))
                .map(body -> {
                    try {
                        return List.copyOf(new JsonWebKeySet(body.toString()).getJsonWebKeys());
                    } catch (Exception e) {
                        throw new IllegalStateException("not a JWK Set: " + e.getMessage(), e);
                    }
                })
                .onComplete(result -> {
                    synchronized (this) {
                        inFlight = null;
                    }
                    if (result.succeeded()) {
                        keys = result.result();
                        fetchedAt = clock.instant();
                        promise.complete(keys);
                    } else if (keys != null) {
                        LOG.warnf("cannot refresh the JWKS from %s (%s); keeping the %d keys we have",
                                uri, result.cause().getMessage(), keys.size());
                        promise.complete(keys);
                    } else {
                        LOG.warnf("cannot fetch the JWKS from %s: %s", uri, result.cause().getMessage());
                        promise.fail(result.cause());
                    }
                });
        return promise.future();
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
