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

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks access tokens at the edge for the protected calls (image writes, {@code /api/auth/me}, the role
 * endpoint), so that forged or expired tokens never reach a service. The token is still forwarded: each
 * service verifies it again and decides on roles.
 */
@ApplicationScoped
public class EdgeAuthentication {

    public static final String USER_ID = "userId";
    private static final Pattern ROLE_ENDPOINT = Pattern.compile("/api/auth/users/[^/]+/roles");
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\"");

    private final JwksKeys keys;
    private final GatewayConfig.EdgeAuth config;

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
                    try {
                        JwtClaims claims = verify(token, result.result());
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
                .setAllowedClockSkewInSeconds(30)
                .build()
                .processToClaims(token);
    }

    private static boolean hasKid(List<JsonWebKey> jwks, String kid) {
        return kid != null && jwks.stream().anyMatch(key -> kid.equals(key.getKeyId()));
    }

    private static void reject(RoutingContext context, String detail) {
        Problems.send(context, 401, "Unauthorized", detail, CHALLENGE);
    }
}
