package io.blogimages.image.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/** Access tokens shaped like the auth service's, signed with the test key (which lives only in test resources). */
public final class TestTokens {

    public static final String ISSUER = "blog-images-auth";
    public static final String AUDIENCE = "blog-images";
    public static final String KEY_ID = "test-key-1";

    private TestTokens() {
    }

    public static String admin() {
        return sign(claims(Set.of("admin", "user")), KEY_ID, privateKey());
    }

    public static String user() {
        return sign(claims(Set.of("user")), KEY_ID, privateKey());
    }

    public static String expired() {
        Instant past = Instant.now().minusSeconds(3600);
        return sign(claims(Set.of("admin")).issuedAt(past.minusSeconds(900)).expiresAt(past), KEY_ID, privateKey());
    }

    public static String wrongIssuer() {
        return sign(claims(Set.of("admin")).issuer("someone-else"), KEY_ID, privateKey());
    }

    public static String wrongAudience() {
        return sign(claims(Set.of("admin")).audience("another-app"), KEY_ID, privateKey());
    }

    /** Signed by a key the service does not know, once under the known kid and once under another. */
    public static String unknownKey(boolean knownKid) {
        try {
            KeyPair other = KeyUtils.generateKeyPair(2048);
            return sign(claims(Set.of("admin")), knownKid ? KEY_ID : "unknown-kid", other.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code alg: none}) with otherwise perfect claims. */
    public static String algNone() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + KEY_ID + "\"}";
        String payload = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + UUID.randomUUID()
                + "\",\"upn\":\"mallory\",\"groups\":[\"admin\"],\"iat\":" + now + ",\"exp\":" + (now + 600)
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static JwtClaimsBuilder claims(Set<String> groups) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(UUID.randomUUID().toString())
                .upn("tester")
                .groups(groups)
                .issuedAt(now)
                .expiresAt(now.plusSeconds(900))
                .claim("jti", UUID.randomUUID().toString());
    }

    private static String sign(JwtClaimsBuilder claims, String kid, PrivateKey key) {
        return claims.jws().keyId(kid).sign(key);
    }

    private static PrivateKey privateKey() {
        try {
            return KeyUtils.readPrivateKey("/jwt/private-key.pem");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the test signing key", e);
        }
    }
}
