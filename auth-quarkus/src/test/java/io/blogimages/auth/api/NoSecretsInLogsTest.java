package io.blogimages.auth.api;

import io.blogimages.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.blogimages.auth.AuthApi.client;
import static io.blogimages.auth.AuthApi.login;
import static io.blogimages.auth.AuthApi.newUserSession;
import static io.blogimages.auth.AuthApi.refresh;
import static io.blogimages.auth.AuthApi.uniqueName;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Passwords and tokens never reach the log, at DEBUG level either (the test profile logs to a file). */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class NoSecretsInLogsTest {

    @Test
    void noPasswordOrTokenIsLogged() throws IOException {
        String name = uniqueName("secretive");
        String password = "pw-" + java.util.UUID.randomUUID();
        Response session = newUserSession(name, password);
        String access = session.path("accessToken");
        String refresh = session.path("refreshToken");
        String next = refresh(refresh).path("refreshToken");
        login(name, password + "-wrong").then().statusCode(401);
        client().body(Map.of("username", name, "password", "x")).post("/api/auth/signup"); // invalid: logged?
        client().auth().oauth2(access).get("/api/auth/me").then().statusCode(200);
        client().body(Map.of("refreshToken", next)).post("/api/auth/logout").then().statusCode(204);

        String log = Files.readString(Path.of("target/auth-test.log"));
        assertTrue(log.contains("event=LOGIN_SUCCESS") && log.contains(name), "the events are logged");
        for (String secret : new String[] {password, access, access.split("\\.")[2], refresh, next}) {
            assertFalse(log.contains(secret), "a secret reached the log");
        }
    }
}
