package io.blogimages.auth.user;

import io.blogimages.auth.AuthApi;
import io.blogimages.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.blogimages.auth.AuthApi.client;
import static io.blogimages.auth.AuthApi.signup;
import static io.blogimages.auth.AuthApi.uniqueName;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class SignupTest {

    @Test
    void createsAUserWithRoleUser() {
        String name = uniqueName("Mixed.Case");
        signup(name, "correct horse battery").then()
                .statusCode(201)
                .contentType("application/json")
                .header("Location", endsWith("/api/auth/users/" + name.toLowerCase()))
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("username", equalTo(name.toLowerCase()))
                .body("roles", contains("user"))
                .body("createdAt", notNullValue())
                .body("password", equalTo(null))
                .body("passwordHash", equalTo(null));
    }

    @Test
    void usernamesAreUniqueWhateverTheirCase() {
        String name = uniqueName("taken");
        signup(name, "first password!").then().statusCode(201);
        signup(name.toUpperCase(), "second password").then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("title", equalTo("Username taken"))
                .body("type", equalTo("urn:blog-images:problem:username-taken"))
                .body("instance", equalTo("/api/auth/signup"))
                .body("requestId", notNullValue());
    }

    @Test
    void refusesInvalidUsernamesWithFieldErrors() {
        for (String bad : new String[] {"ab", "a".repeat(33), "with space", "émile", "semi;colon", ""}) {
            signup(bad, "long enough password").then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:blog-images:problem:validation"))
                    .body("errors.field", hasItem("username"));
        }
    }

    @Test
    void refusesPasswordsOutside10To128Characters() {
        signup(uniqueName("short"), "123456789").then().statusCode(400).body("errors.field", contains("password"))
                .body("errors[0].message", equalTo("must be 10 to 128 characters"));
        signup(uniqueName("long"), "x".repeat(129)).then().statusCode(400).body("errors.field", contains("password"));
        signup(uniqueName("edge"), "x".repeat(128)).then().statusCode(201);
        signup(uniqueName("edge"), "x".repeat(10)).then().statusCode(201);
    }

    @Test
    void missingFieldsAndMalformedBodiesAre400() {
        client().body(Map.of("username", uniqueName("nopass"))).post("/api/auth/signup").then()
                .statusCode(400).body("errors.field", contains("password"));
        client().body("{\"username\": ").post("/api/auth/signup").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:blog-images:problem:malformed-body"));
        client().body("[1,2]").post("/api/auth/signup").then()
                .statusCode(400).contentType("application/problem+json");
        client().post("/api/auth/signup").then()
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theBootstrapAdminExistsWithBothRoles() {
        AuthApi.login(AuthApi.ADMIN, AuthApi.ADMIN_PASSWORD).then().statusCode(200);
        AuthApi.client().auth().oauth2(AuthApi.adminAccessToken()).get("/api/auth/me").then()
                .statusCode(200)
                .body("username", equalTo(AuthApi.ADMIN))
                .body("roles", contains("admin", "user"));
        signup(AuthApi.ADMIN, "another password").then().statusCode(409)
                .body("detail", startsWith("The username 'root-admin'"));
    }
}
