package io.blogimages.gateway.route;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.blogimages.gateway.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Thumbnails are small and immutable (their keys are random and never reused), so the gateway keeps the hot
 * ones in memory (Caffeine, bounded by total bytes) and answers them without a trip to the image service,
 * with the same ETag/304 behaviour. Deleting an image through this gateway evicts its thumbnail at once; the
 * TTL bounds what another replica may still hold.
 *
 * <p>Native executables: Caffeine loads the cache and node classes generated for each builder configuration by
 * name. quarkus-caffeine registers a fixed list of them, which lacks the two this cache needs (maximumWeight +
 * weigher + expireAfterWrite: cache {@code SSMWW}; its node {@code PSWMW} is on the list), so {@code SSMWW} is
 * registered here, as the Quarkus cache guide advises for such {@code ClassNotFoundException}s.
 */
@ApplicationScoped
@RegisterForReflection(classNames = "com.github.benmanes.caffeine.cache.SSMWW")
public class ThumbnailCache {

    static final Pattern THUMBNAIL = Pattern.compile("/api/images/([A-Za-z0-9_-]{1,80}\\.[a-z]{3,4})/thumbnail");
    private static final Pattern IMAGE = Pattern.compile("/api/images/([A-Za-z0-9_-]{1,80}\\.[a-z]{3,4})");
    private static final List<String> KEPT_HEADERS = List.of("Content-Type", "ETag", "Cache-Control", "Last-Modified",
            "Content-Disposition", "X-Content-Type-Options");

    private static final List<String> NOT_MODIFIED_HEADERS = List.of("ETag", "Cache-Control");

    /** The image service names the post of a thumbnail in this header; it stays between the two. */
    static final String POST_ID_HEADER = "X-Post-Id";
    private static final Pattern POST_IMAGES = Pattern.compile("/api/posts/([A-Za-z0-9_-]{1,64})/images");

    record Entry(Buffer body, Map<String, String> headers, String postId) {
        String etag() {
            return headers.get("ETag");
        }
    }

    private final Cache<String, Entry> cache;
    private final long maxObjectBytes;
    private final MeterRegistry metrics;

    public ThumbnailCache(GatewayConfig config, MeterRegistry metrics) {
        GatewayConfig.ThumbnailCache settings = config.thumbnailCache();
        this.maxObjectBytes = settings.maxObjectBytes();
        this.metrics = metrics;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes())
                .weigher((String key, Entry entry) -> entry.body().length() + key.length() + 512)
                .expireAfterWrite(settings.ttl())
                .build();
    }

    static boolean isCacheable(RoutingContext context) {
        return context.request().method() == HttpMethod.GET
                && context.request().getHeader("Range") == null
                && THUMBNAIL.matcher(context.request().path()).matches();
    }

    /** Answers from memory when it can; otherwise leaves the request to the proxy. */
    public boolean answer(RoutingContext context) {
        if (!isCacheable(context)) {
            return false;
        }
        Entry entry = cache.getIfPresent(context.request().path());
        metrics.counter("gateway.thumbnail.cache", "result", entry == null ? "miss" : "hit").increment();
        if (entry == null) {
            return false;
        }
        var response = context.response();
        response.putHeader("X-Cache", "HIT");
        String ifNoneMatch = context.request().getHeader("If-None-Match");
        if (ifNoneMatch != null && entry.etag() != null && matches(ifNoneMatch, entry.etag())) {
            // RFC 9110, 15.4.5: a 304 carries the validators and caching headers, no representation metadata
            NOT_MODIFIED_HEADERS.forEach(name -> {
                String value = entry.headers().get(name);
                if (value != null) {
                    response.putHeader(name, value);
                }
            });
            response.setStatusCode(304).end();
        } else {
            entry.headers().forEach(response::putHeader);
            response.putHeader("Content-Length", Integer.toString(entry.body().length())).end(entry.body());
        }
        return true;
    }

    /**
     * For a cacheable 200 of a small immutable thumbnail: reads the body (bounded by the announced length),
     * keeps it, and sends it on. Anything else is streamed untouched.
     */
    Future<Void> keepIfCacheable(RoutingContext context, ProxyResponse response) {
        String postId = response.headers().get(POST_ID_HEADER);
        response.headers().remove(POST_ID_HEADER);
        String length = response.headers().get("Content-Length");
        String cacheControl = response.headers().get("Cache-Control");
        if (!isCacheable(context) || response.getStatusCode() != 200 || length == null
                || cacheControl == null || !cacheControl.contains("immutable")
                || Long.parseLong(length) > maxObjectBytes) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        Buffer collected = Buffer.buffer(Integer.parseInt(length));
        ReadStream<Buffer> stream = response.getBody().stream();
        stream.exceptionHandler(done::tryFail);
        stream.handler(collected::appendBuffer);
        stream.endHandler(end -> {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (String name : KEPT_HEADERS) {
                String value = response.headers().get(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            cache.put(context.request().path(), new Entry(collected, Map.copyOf(headers), postId));
            response.setBody(Body.body(collected));
            done.tryComplete();
        });
        stream.resume();
        return done.future();
    }

    /**
     * After a successful DELETE through this gateway, forget the thumbnails it removed: the image's, or every
     * cached one of the post when the whole post was deleted.
     */
    void evictIfDeleted(RoutingContext context, int status) {
        if (context.request().method() != HttpMethod.DELETE || status >= 300) {
            return;
        }
        Matcher image = IMAGE.matcher(context.request().path());
        if (image.matches()) {
            cache.invalidate("/api/images/" + image.group(1) + "/thumbnail");
            return;
        }
        Matcher post = POST_IMAGES.matcher(context.request().path());
        if (post.matches()) {
            String postId = post.group(1);
            cache.asMap().values().removeIf(entry -> postId.equals(entry.postId()));
        }
    }

    long size() {
        return cache.estimatedSize();
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals(bare) || c.equals("W/" + bare)) {
                return true;
            }
        }
        return false;
    }
}
