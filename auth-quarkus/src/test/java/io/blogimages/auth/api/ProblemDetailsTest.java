package io.blogimages.auth.api;

import io.blogimages.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/** Contract: every error is a problem document with the request ID; every response carries X-Request-Id. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class ProblemDetailsTest {

    @Test
    void unknownPathsAreProblemDocuments() {
        given().header("X-Request-Id", "trace-me.1_2-3").get("/api/auth/nothing-here").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .header("X-Request-Id", "trace-me.1_2-3")
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Not Found"))
                .body("status", equalTo(404))
                .body("instance", equalTo("/api/auth/nothing-here"))
                .body("requestId", equalTo("trace-me.1_2-3"));
        given().get("/favicon.ico").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aWrongMethodIs405() {
        given().get("/api/auth/login").then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("status", equalTo(405));
    }

    @Test
    void aWrongContentTypeIs415() {
        given().contentType("text/plain").body("hello").post("/api/auth/login").then()
                .statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void requestIdsAreKeptWhenValidAndReplacedOtherwise() {
        given().header("X-Request-Id", "a".repeat(64)).get("/api/auth/jwks").then()
                .header("X-Request-Id", "a".repeat(64));
        for (String invalid : new String[] {"a".repeat(65), "has space", "semi;colon", "ünï"}) {
            given().header("X-Request-Id", invalid).get("/api/auth/jwks").then()
                    .statusCode(200)
                    .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        }
        given().get("/api/auth/jwks").then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }
}
