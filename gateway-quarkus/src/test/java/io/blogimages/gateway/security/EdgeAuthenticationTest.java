package io.blogimages.gateway.security;

import io.blogimages.gateway.StackControl;
import io.blogimages.gateway.StackResource;
import io.blogimages.gateway.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.blogimages.gateway.GatewayApi.adminToken;
import static io.blogimages.gateway.GatewayApi.client;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Protected calls need a valid access token at the edge; forged ones never reach a service. */
@QuarkusTest
@WithTestResource(StackResource.class)
class EdgeAuthenticationTest {

    private static final String CHALLENGE = "Bearer error=\"invalid_token\"";
    private static final List<String> IMAGE_INSTANCES = List.of("image-1", "image-2");

    @Test
    void protectedCallsWithoutAValidTokenAre401FromTheGateway() throws Exception {
        String post = "edge-" + UUID.randomUUID();
        PrivateKey authKey = TestKeys.read(StackControl.signingKeyFile());
        String kid = kidOf(adminToken());
        PrivateKey stranger = KeyUtils.generateKeyPair(2048).getPrivate();

        String[] refused = {
                null, // no token
                "not-a-jwt",
                token(stranger, "unknown-kid", "blog-images-auth", "blog-images", Instant.now().plusSeconds(60)),
                token(authKey, kid, "blog-images-auth", "blog-images", Instant.now().minusSeconds(120)), // expired
                token(authKey, kid, "someone-else", "blog-images", Instant.now().plusSeconds(60)),
                token(authKey, kid, "blog-images-auth", "another-audience", Instant.now().plusSeconds(60)),
                algNone(adminToken()),
                tampered(adminToken()),
        };
        for (String token : refused) {
            var request = client();
            if (token != null) {
                request = request.auth().oauth2(token);
            }
            request.delete("/api/posts/" + post + "/images").then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", CHALLENGE)
                    // answered by the gateway itself (the services word their 401s differently)
                    .body("detail", org.hamcrest.Matchers.anyOf(
                            equalTo("A bearer access token is required."),
                            equalTo("The access token is malformed."),
                            equalTo("The access token is invalid or expired.")));
        }
        client().auth().oauth2(adminToken()).delete("/api/posts/" + post + "/images").then().statusCode(204);
    }

    @Test
    void readsNeedNoToken() {
        client().get("/api/posts/anyone-" + UUID.randomUUID() + "/images").then().statusCode(200);
        client().auth().oauth2("garbage").get("/api/posts/anyone/images").then().statusCode(200);
    }

    @Test
    void aNewSigningKeyIsFetchedWhenATokenNamesItsKid() {
        String post = "rotation-" + UUID.randomUUID();
        String before = adminToken();
        client().auth().oauth2(before).delete("/api/posts/" + post + "/images").then().statusCode(204); // keys cached

        // Rotate: a new signing key, the old one still published. The gateway has never seen the new kid.
        String oldKey = read(StackControl.signingKeyFile());
        TestKeys.write(StackControl.publishedKeyFile(), oldKey);
        TestKeys.write(StackControl.signingKeyFile(), TestKeys.newPrivateKeyPem());
        StackControl.stop("auth");
        StackControl.start("auth");
        try {
            String after = adminToken();
            org.junit.jupiter.api.Assertions.assertNotEquals(kidOf(before), kidOf(after));
            // /me: the auth service itself knows the new key (the image service refreshes on its own schedule)
            client().auth().oauth2(after).get("/api/auth/me").then().statusCode(200);
            client().auth().oauth2(before).get("/api/auth/me").then().statusCode(200);
        } finally {
            TestKeys.write(StackControl.signingKeyFile(), oldKey);
            StackControl.stop("auth");
            StackControl.start("auth");
        }
    }

    @Test
    void aRememberedTokenCannotBeAlteredOrDecorated() {
        String post = "remembered-" + UUID.randomUUID();
        String token = adminToken();
        client().auth().oauth2(token).delete("/api/posts/" + post + "/images").then().statusCode(204);
        client().auth().oauth2(token).delete("/api/posts/" + post + "/images").then().statusCode(204);

        // The gateway remembers verified tokens; only the same text, signature and all, is the same token.
        for (String altered : new String[] {tampered(token), token + "x", token.substring(0, token.length() - 2)}) {
            client().auth().oauth2(altered).delete("/api/posts/" + post + "/images").then()
                    .statusCode(401).header("WWW-Authenticate", CHALLENGE);
        }
        client().auth().oauth2(token).delete("/api/posts/" + post + "/images").then().statusCode(204);
    }

    @Test
    void cachedKeysKeepWorkingWhileAuthIsDown() throws InterruptedException {
        String images = "/api/posts/auth-down-" + UUID.randomUUID() + "/images";
        String token = adminToken();
        // Every verifier fetches auth's keys on its first protected call: the gateway here, and each image
        // instance called directly (which instance the gateway picks depends on the rotation and on ejections).
        client().auth().oauth2(token).delete(images).then().statusCode(204);
        for (String instance : IMAGE_INSTANCES) {
            given().baseUri(StackControl.url(instance)).auth().oauth2(token).delete(images)
                    .then().log().ifValidationFails().statusCode(204);
        }
        StackControl.stop("auth");
        try {
            // Past the key caches' lifetime: every verifier now tries to refetch, fails, and keeps what it has.
            Thread.sleep(StackResource.KEY_CACHE_SECONDS * 1000L + 500);
            for (String instance : IMAGE_INSTANCES) {
                given().baseUri(StackControl.url(instance)).auth().oauth2(token).delete(images)
                        .then().log().ifValidationFails().statusCode(204);
            }
            for (int call = 0; call < 2; call++) {
                client().auth().oauth2(token).delete(images).then().log().ifValidationFails().statusCode(204);
            }
            client().post("/api/auth/login").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", org.hamcrest.Matchers.notNullValue());
        } finally {
            StackControl.start("auth");
        }
    }

    private static String token(PrivateKey key, String kid, String issuer, String audience, Instant expires) {
        return Jwt.issuer(issuer).audience(audience).subject(UUID.randomUUID().toString()).upn(StackResource.ADMIN)
                .groups("admin").issuedAt(expires.minusSeconds(900)).expiresAt(expires)
                .jws().keyId(kid).sign(key);
    }

    private static String kidOf(String token) {
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        return header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
    }

    private static String algNone(String token) {
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + token.split("\\.")[1] + ".";
    }

    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"gw-admin\"", "\"intruder\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static String read(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
