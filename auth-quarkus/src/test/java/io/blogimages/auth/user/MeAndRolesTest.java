package io.blogimages.auth.user;

import io.blogimages.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.blogimages.auth.AuthApi.adminAccessToken;
import static io.blogimages.auth.AuthApi.client;
import static io.blogimages.auth.AuthApi.newUserSession;
import static io.blogimages.auth.AuthApi.uniqueName;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class MeAndRolesTest {

    @Test
    void meAnswersTheCallersAccount() {
        String name = uniqueName("me");
        String token = newUserSession(name, "my own password").path("accessToken");
        client().auth().oauth2(token).get("/api/auth/me").then()
                .statusCode(200)
                .body("username", equalTo(name))
                .body("roles", contains("user"))
                .body("id", equalTo(client().auth().oauth2(token).get("/api/auth/me").path("id")));
    }

    @Test
    void meWithoutAValidTokenIs401WithABearerChallenge() {
        client().get("/api/auth/me").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .body("status", equalTo(401));
        client().auth().oauth2("not.a.jwt").get("/api/auth/me").then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void anAdminChangesRoles() {
        String name = uniqueName("promoted");
        String userToken = newUserSession(name, "to be promoted").path("accessToken");

        client().auth().oauth2(adminAccessToken()).body(Map.of("roles", List.of("admin", "user")))
                .put("/api/auth/users/" + name.toUpperCase() + "/roles").then()
                .statusCode(200)
                .body("username", equalTo(name))
                .body("roles", contains("admin", "user"));

        // The old access token still carries "user" only, but a new login carries both.
        String fresh = io.blogimages.auth.AuthApi.login(name, "to be promoted").path("accessToken");
        client().auth().oauth2(fresh).body(Map.of("roles", List.of("user")))
                .put("/api/auth/users/" + name + "/roles").then()
                .statusCode(200).body("roles", contains("user"));
        client().auth().oauth2(userToken).get("/api/auth/me").then().statusCode(200).body("roles", contains("user"));
    }

    @Test
    void onlyAdminsChangeRoles() {
        String name = uniqueName("plain");
        String token = newUserSession(name, "just a user here").path("accessToken");
        client().auth().oauth2(token).body(Map.of("roles", List.of("admin")))
                .put("/api/auth/users/" + name + "/roles").then()
                .statusCode(403).contentType("application/problem+json");
        client().body(Map.of("roles", List.of("admin")))
                .put("/api/auth/users/" + name + "/roles").then()
                .statusCode(401).contentType("application/problem+json");
    }

    @Test
    void roleChangesAreValidated() {
        String admin = adminAccessToken();
        client().auth().oauth2(admin).body(Map.of("roles", List.of("admin")))
                .put("/api/auth/users/nobody-" + uniqueName("x") + "/roles").then()
                .statusCode(404).contentType("application/problem+json");
        String name = uniqueName("target");
        newUserSession(name, "target password");
        client().auth().oauth2(admin).body(Map.of("roles", List.of("superuser")))
                .put("/api/auth/users/" + name + "/roles").then()
                .statusCode(400).body("errors.message", hasItem("must be 'admin' or 'user'"));
        client().auth().oauth2(admin).body(Map.of("roles", List.of()))
                .put("/api/auth/users/" + name + "/roles").then()
                .statusCode(400).body("errors.field", contains("roles"));
    }
}
