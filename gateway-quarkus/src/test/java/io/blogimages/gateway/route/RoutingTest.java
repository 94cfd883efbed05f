package io.blogimages.gateway.route;

import io.blogimages.gateway.StackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.blogimages.gateway.GatewayApi.adminToken;
import static io.blogimages.gateway.GatewayApi.client;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

/** The gateway routes the public API to the real services behind it. */
@QuarkusTest
@WithTestResource(StackResource.class)
class RoutingTest {

    @Test
    void authCallsReachTheAuthService() {
        String name = "routed-" + UUID.randomUUID().toString().substring(0, 8);
        client().contentType(ContentType.JSON).body(Map.of("username", name, "password", "routed password"))
                .post("/api/auth/signup").then()
                .statusCode(201).body("username", equalTo(name)).body("roles", contains("user"));
        String token = client().contentType(ContentType.JSON).body(Map.of("username", name, "password", "routed password"))
                .post("/api/auth/login").then().statusCode(200).header("Cache-Control", "no-store")
                .extract().path("accessToken");
        client().auth().oauth2(token).get("/api/auth/me").then().log().ifValidationFails().statusCode(200).body("username", equalTo(name));
        client().get("/api/auth/jwks").then().statusCode(200).body("$", hasKey("keys"));
    }

    @Test
    void imageCallsReachTheImageService() {
        String post = "routed-" + UUID.randomUUID();
        client().get("/api/posts/" + post + "/images").then().statusCode(200).body("size()", equalTo(0));
        client().get("/api/posts/" + post + "/thumbnail").then().statusCode(404).contentType("application/problem+json");
        client().auth().oauth2(adminToken()).delete("/api/posts/" + post + "/images").then().statusCode(204);
    }

    @Test
    void otherApiPathsAre404ProblemsFromTheGateway() {
        client().header("X-Request-Id", "unknown-route-1").get("/api/nothing/here").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .header("X-Request-Id", "unknown-route-1")
                .body("status", equalTo(404))
                .body("instance", equalTo("/api/nothing/here"))
                .body("requestId", equalTo("unknown-route-1"));
    }

    @Test
    void unknownNonApiPathsAreProblemsToo() {
        client().get("/no-such-page.html").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("instance", equalTo("/no-such-page.html"));
    }

    @Test
    void theRequestIdTravelsToTheServiceAndBack() {
        // The auth service puts the request ID it received into its problem document.
        client().header("X-Request-Id", "trace.me-42").contentType(ContentType.JSON)
                .body(Map.of("username", "x")).post("/api/auth/login").then()
                .statusCode(400)
                .header("X-Request-Id", "trace.me-42")
                .body("requestId", equalTo("trace.me-42"));
        // An invalid one is replaced, and the service sees the replacement.
        var response = client().header("X-Request-Id", "not valid!").contentType(ContentType.JSON)
                .body(Map.of("username", "x")).post("/api/auth/login");
        response.then().statusCode(400).header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        org.junit.jupiter.api.Assertions.assertEquals(response.header("X-Request-Id"), response.path("requestId"));
    }

    @Test
    void theServicesLearnTheClientAddressFromTheGatewayOnly() throws Exception {
        String name = "forwarded-" + UUID.randomUUID().toString().substring(0, 8);
        // A client behind our (trusted, loopback) load balancer that also prepends a fake address of its own:
        // the auth service must log the address the load balancer saw, not the fake one.
        given().header("X-Forwarded-For", "6.6.6.6, 198.51.100.77").contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", "wrong password")).post("/api/auth/login").then()
                .statusCode(401);
        String authLog = java.nio.file.Files.readString(java.nio.file.Path.of("target/stack/logs/auth.log"));
        org.junit.jupiter.api.Assertions.assertTrue(
                authLog.contains("event=LOGIN_FAILURE username=" + name + " ip=198.51.100.77 "), "auth saw the client");
    }

    @Test
    void securityHeadersAreOnEveryAnswer() {
        for (String path : new String[] {"/", "/api/auth/jwks", "/api/nothing"}) {
            client().get(path).then()
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer")
                    .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'"))
                    .header("X-Request-Id", notNullValue());
        }
    }
}
