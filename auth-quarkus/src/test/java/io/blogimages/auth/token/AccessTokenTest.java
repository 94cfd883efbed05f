package io.blogimages.auth.token;

import io.blogimages.auth.MovableClock;
import io.blogimages.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.inject.Inject;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static io.blogimages.auth.AuthApi.client;
import static io.blogimages.auth.AuthApi.newUserSession;
import static io.blogimages.auth.AuthApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Access tokens verify against the published JWKS; forged, expired and foreign tokens do not get in. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class AccessTokenTest {

    private static final String PREVIOUS_KEY = "src/test/resources/keys/previous-signing.pem";

    @Inject
    MovableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theTokenVerifiesAgainstThePublishedJwksAndCarriesTheClaims() throws Exception {
        String name = uniqueName("claims");
        Response login = newUserSession(name, "claims password");
        String token = login.path("accessToken");
        String jwks = given().get("/api/auth/jwks").then().statusCode(200)
                .header("Cache-Control", "public, max-age=300").extract().asString();

        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer("blog-images-auth")
                .setExpectedAudience("blog-images")
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setRequireSubject()
                .build();
        JwtClaims claims = consumer.processToClaims(token);
        String me = client().auth().oauth2(token).get("/api/auth/me").path("id");
        assertEquals(me, claims.getSubject());
        assertEquals(name, claims.getClaimValueAsString("upn"));
        assertEquals(List.of("user"), claims.getStringListClaimValue("groups"));
        assertEquals(900, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertNotNull(claims.getJwtId());

        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"alg\":\"RS256\""), header);
        assertTrue(header.contains("\"kid\":\""), header);
    }

    @Test
    void everyPublishedKidIsTheRfc7638ThumbprintAndTheWellKnownSetIsTheSame() throws Exception {
        String jwks = given().get("/api/auth/jwks").asString();
        assertEquals(jwks, given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString());
        List<JsonWebKey> keys = new JsonWebKeySet(jwks).getJsonWebKeys();
        assertEquals(2, keys.size(), "the signing key and the previous key of the test rotation");
        for (JsonWebKey key : keys) {
            RsaJsonWebKey rsa = (RsaJsonWebKey) key;
            // RFC 7638: SHA-256 over the required members in lexicographic order, no white space
            String canonical = "{\"e\":\"" + encode(rsa.getRsaPublicKey().getPublicExponent().toByteArray())
                    + "\",\"kty\":\"RSA\",\"n\":\"" + encode(rsa.getRsaPublicKey().getModulus().toByteArray()) + "\"}";
            String thumbprint = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
            assertEquals(thumbprint, key.getKeyId());
            assertEquals("sig", key.getUse());
            assertEquals("RS256", key.getAlgorithm());
            assertTrue(key.toJson().contains("\"n\"") && !key.toJson().contains("\"d\""), "public parts only");
        }
    }

    @Test
    void aTokenOfThePreviousKeyStillWorksDuringARotation() throws Exception {
        String name = uniqueName("rotation");
        String id = client().auth().oauth2(newUserSession(name, "rotation password").<String>path("accessToken"))
                .get("/api/auth/me").path("id");
        PrivateKey previous = KeyUtils.decodePrivateKey(Files.readString(Path.of(PREVIOUS_KEY)));
        String kid = SigningKeys.thumbprint(publicOf(previous));
        String token = Jwt.issuer("blog-images-auth").audience("blog-images").subject(id).upn(name)
                .groups(Set.of("user")).claim("jti", "j-1").jws().keyId(kid).sign(previous);
        client().auth().oauth2(token).get("/api/auth/me").then().statusCode(200).body("username", equalTo(name));
    }

    @Test
    void forgedExpiredAndForeignTokensAreRefused() throws Exception {
        String name = uniqueName("forged");
        String good = newUserSession(name, "forged password").path("accessToken");
        String id = client().auth().oauth2(good).get("/api/auth/me").path("id");
        KeyPair stranger = KeyUtils.generateKeyPair(2048);

        // signed by a key the service does not publish (with and without a kid)
        assertRefused(Jwt.issuer("blog-images-auth").audience("blog-images").subject(id).upn(name)
                .groups("user").claim("jti", "x").jws().keyId("unknown-kid").sign(stranger.getPrivate()));
        assertRefused(Jwt.issuer("blog-images-auth").audience("blog-images").subject(id).upn(name)
                .groups("user").claim("jti", "x").sign(stranger.getPrivate()));
        // alg none
        String[] parts = good.split("\\.");
        String none = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        assertRefused(none);
        // a tampered payload with the original signature
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"user\"", "\"admin\"");
        assertRefused(parts[0] + "." + encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);

        // issued by the service itself, but expired, or for another issuer or audience
        clock.advance(Duration.ofMinutes(-16));
        assertRefused(io.blogimages.auth.AuthApi.login(name, "forged password").path("accessToken"));
        clock.reset();
        PrivateKey previous = KeyUtils.decodePrivateKey(Files.readString(Path.of(PREVIOUS_KEY)));
        String kid = SigningKeys.thumbprint(publicOf(previous));
        assertRefused(Jwt.issuer("someone-else").audience("blog-images").subject(id).upn(name).groups("user")
                .claim("jti", "x").jws().keyId(kid).sign(previous));
        assertRefused(Jwt.issuer("blog-images-auth").audience("another-app").subject(id).upn(name).groups("user")
                .claim("jti", "x").jws().keyId(kid).sign(previous));
        assertRefused(Jwt.issuer("blog-images-auth").audience("blog-images").subject(id).upn(name).groups("user")
                .claim("jti", "x").issuedAt(Instant.now().minusSeconds(3600)).expiresAt(Instant.now().minusSeconds(60))
                .jws().keyId(kid).sign(previous));

        client().auth().oauth2(good).get("/api/auth/me").then().statusCode(200);
    }

    private static void assertRefused(String token) {
        client().auth().oauth2(token).get("/api/auth/me").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }

    private static java.security.interfaces.RSAPublicKey publicOf(PrivateKey key) throws Exception {
        var crt = (java.security.interfaces.RSAPrivateCrtKey) key;
        return (java.security.interfaces.RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    }

    /** Base64url of an unsigned big-endian integer or of raw bytes (a leading sign byte dropped). */
    private static String encode(byte[] bytes) {
        byte[] trimmed = bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(trimmed);
    }
}
