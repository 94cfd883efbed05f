package io.blogimages.auth.token;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.blogimages.auth.user.User;
import io.blogimages.testsupport.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.blogimages.auth.AuthApi.client;
import static io.blogimages.auth.AuthApi.login;
import static io.blogimages.auth.AuthApi.signup;
import static io.blogimages.auth.AuthApi.uniqueName;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class LoginTest {

    @Test
    void answersATokenPairAndTheRefreshCookie() {
        String name = uniqueName("login");
        signup(name, "the right password").then().statusCode(201);
        Response response = login(name.toUpperCase(), "the right password");
        response.then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("refreshExpiresIn", equalTo(14 * 24 * 3600))
                .body("accessToken", matchesPattern("[\\w-]+\\.[\\w-]+\\.[\\w-]+"))
                .body("refreshToken", matchesPattern("[\\w-]{43}")) // 256 bits, base64url
                .header("Set-Cookie", allOf(
                        containsString("refresh_token=" + response.path("refreshToken")),
                        containsString("Path=/api/auth"), containsString("HttpOnly"), containsString("Secure"),
                        containsString("SameSite=Strict"), containsString("Max-Age=1209600")));
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() {
        String name = uniqueName("victim");
        signup(name, "the right password").then().statusCode(201);
        Response wrongPassword = login(name, "a wrong password");
        Response unknownUser = login(uniqueName("nobody"), "a wrong password");
        wrongPassword.then().statusCode(401).contentType("application/problem+json");
        unknownUser.then().statusCode(401).contentType("application/problem+json");
        assertEquals(withoutRequestId(wrongPassword), withoutRequestId(unknownUser));
        assertEquals(wrongPassword.getHeader("WWW-Authenticate"), unknownUser.getHeader("WWW-Authenticate"));
    }

    @Test
    void aDisabledAccountCannotLogIn() {
        String name = uniqueName("disabled");
        signup(name, "the right password").then().statusCode(201);
        QuarkusTransaction.requiringNew().run(() -> User.findByUsername(name).orElseThrow().disabled = true);
        Response response = login(name, "the right password");
        response.then().statusCode(401);
        assertEquals(withoutRequestId(login(uniqueName("nobody"), "x".repeat(12))), withoutRequestId(response));
    }

    @Test
    void aHashWithALowerCostIsUpgradedAtTheNextLogin() {
        String name = uniqueName("legacy");
        String password = "an old password";
        String oldHash = new String(BCrypt.with(BCrypt.Version.VERSION_2A).hash(4, password.toCharArray()),
                StandardCharsets.UTF_8);
        QuarkusTransaction.requiringNew().run(() -> {
            User user = new User();
            user.id = UUID.randomUUID();
            user.username = name;
            user.passwordHash = oldHash;
            user.createdAt = Instant.now();
            user.roles = Set.of("user");
            user.persist();
        });

        login(name, "a wrong password").then().statusCode(401);
        assertEquals(oldHash, storedHash(name), "a failed login must not touch the hash");

        login(name, password).then().statusCode(200);
        String upgraded = storedHash(name);
        assertTrue(upgraded.startsWith("$2b$06$"), upgraded); // the configured version and cost (6 in tests)
        login(name, password).then().statusCode(200);
        assertEquals(upgraded, storedHash(name), "an up-to-date hash is kept");
    }

    @Test
    void loginRequestsAreValidated() {
        client().body(Map.of("username", "someone")).post("/api/auth/login").then()
                .statusCode(400).contentType("application/problem+json");
        client().body("not json").post("/api/auth/login").then()
                .statusCode(400).contentType("application/problem+json");
    }

    private static String storedHash(String name) {
        return QuarkusTransaction.requiringNew().call(() -> User.findByUsername(name).orElseThrow().passwordHash);
    }

    private static Map<String, Object> withoutRequestId(Response response) {
        Map<String, Object> body = new java.util.HashMap<>(response.jsonPath().getMap(""));
        body.remove("requestId");
        return body;
    }
}
