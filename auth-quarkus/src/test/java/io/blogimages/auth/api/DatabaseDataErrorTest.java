package io.blogimages.auth.api;

import io.blogimages.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/**
 * A value PostgreSQL refuses (SQLState class 22) is the caller's 400, not our 500, wherever validation missed it.
 * {@link DataErrorProbe} (test code only) hands PostgreSQL such values through the real datasource.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class DatabaseDataErrorTest {

    @Test
    void dataExceptionsOfTheDatabaseAre400() {
        for (String kind : new String[] {"nul", "too-long", "not-a-number"}) {
            given().get("/test/data-error/" + kind).then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:blog-images:problem:invalid-value"))
                    .body(not(containsString("Exception")));
        }
    }
}
