package io.blogimages.gateway.security;

import io.blogimages.gateway.GatewayConfig;
import io.blogimages.gateway.edge.Problems;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks access tokens at the edge for the protected calls (image writes, {@code /api/auth/me}, the role
 * endpoint), so that forged or expired tokens never reach a service. The token is still forwarded: each
 * service verifies it again and decides on roles.
 *
 * <p>A token once verified is remembered (by its full text, so that no part of it can be changed) until it
 * expires, for at most {@value #REMEMBER_MINUTES} minutes: the RSA signature check cost more than a quarter of the
 * gateway's CPU on authenticated calls (bench/README.md). A remembered token is accepted only while the key that
 * signed it is still published, so taking a key out of the JWKS still stops its tokens at the next key refresh.
 *
 * <p>Native executables: the cache (maximumSize + expireAfterWrite) uses Caffeine's {@code SSMSW} and
 * {@code PSWMS}, both registered by quarkus-caffeine. jose4j needs no reflection (its algorithms and JSON parser
 * are plain code); the JCA services it uses (SHA256withRSA, SHA256withECDSA, RSA/EC KeyFactory) are reached through
 * {@code Signature/KeyFactory.getInstance} and included by GraalVM's security-services support.
 */
@ApplicationScoped
public class EdgeAuthentication {

    public static final String USER_ID = "userId";
    private static final Pattern ROLE_ENDPOINT = Pattern.compile("/api/auth/users/[^/]+/roles");
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\"");

    private static final int REMEMBER_MINUTES = 5;
    private static final int CLOCK_SKEW_SECONDS = 30;

    private final JwksKeys keys;
    private final GatewayConfig.EdgeAuth config;
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(REMEMBER_MINUTES))
            .build();

    /** What the edge needs of a verified token: who it is, until when it holds, which key signed it. */
    private record Verified(String subject, Instant validUntil, String kid) {
    }

    public EdgeAuthentication(JwksKeys keys, GatewayConfig config) {
        this.keys = keys;
        this.config = config.auth();
    }

    static boolean isProtected(HttpMethod method, String path) {
        if (path.equals("/api/auth/me") || ROLE_ENDPOINT.matcher(path).matches()) {
            return true;
        }
        boolean imageApi = path.startsWith("/api/posts/") || path.startsWith("/api/images/");
        return imageApi && method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
    }

    /** Route handler: passes unprotected calls, verifies the bearer token of protected ones. */
    public void handle(RoutingContext context) {
        if (!isProtected(context.request().method(), context.request().path())) {
            context.next();
            return;
        }
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
            reject(context, "A bearer access token is required.");
            return;
        }
        String token = header.substring(7).trim();
        // Fast path, most calls: a token verified before, its key still published in the fresh key set. Nothing to
        // parse, nothing to wait for.
        Verified remembered = verified.getIfPresent(token);
        List<JsonWebKey> freshKeys = keys.fresh();
        if (remembered != null && freshKeys != null && stillValid(remembered, freshKeys)) {
            context.put(USER_ID, remembered.subject());
            context.next();
            return;
        }
        String kid;
        try {
            kid = JsonWebStructure.fromCompactSerialization(token).getKeyIdHeaderValue();
        } catch (JoseException e) {
            reject(context, "The access token is malformed.");
            return;
        }
        context.request().pause(); // the key lookup may wait for the network: keep the body for the proxy
        keys.current()
                .compose(known -> hasKid(known, kid) ? Future.succeededFuture(known) : keys.refetchForUnknownKid())
                .onComplete(result -> {
                    if (result.failed()) {
                        context.request().resume();
                        Problems.send(context, 503, "Service Unavailable",
                                "Access tokens cannot be checked right now; try again shortly.", Map.of("Retry-After", "5"));
                        return;
                    }
                    Verified known = verified.getIfPresent(token);
                    if (known != null && stillValid(known, result.result())) {
                        context.put(USER_ID, known.subject());
                        context.next();
                        return;
                    }
                    try {
                        JwtClaims claims = verify(token, result.result());
                        // Accepted as long as jose4j would accept it: up to the allowed clock skew past its expiry.
                        Instant validUntil = Instant.ofEpochSecond(claims.getExpirationTime().getValue() + CLOCK_SKEW_SECONDS);
                        verified.put(token, new Verified(claims.getSubject(), validUntil, kid));
                        context.put(USER_ID, claims.getSubject());
                        context.next();
                    } catch (InvalidJwtException | org.jose4j.jwt.MalformedClaimException e) {
                        context.request().resume();
                        reject(context, "The access token is invalid or expired.");
                    }
                });
    }

    private JwtClaims verify(String token, List<JsonWebKey> jwks) throws InvalidJwtException {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(config.audience())
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .build()
                .processToClaims(token);
    }

    private static boolean stillValid(Verified known, List<JsonWebKey> jwks) {
        return Instant.now().isBefore(known.validUntil()) && hasKid(jwks, known.kid());
    }

    private static boolean hasKid(List<JsonWebKey> jwks, String kid) {
        return kid != null && jwks.stream().anyMatch(key -> kid.equals(key.getKeyId()));
    }

    private static void reject(RoutingContext context, String detail) {
        Problems.send(context, 401, "Unauthorized", detail, CHALLENGE);
    }
}
