package io.blogimages.auth.api;

import io.blogimages.testsupport.PostgresControl;
import io.blogimages.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.blogimages.auth.AuthApi.client;
import static io.blogimages.auth.AuthApi.login;
import static io.blogimages.auth.AuthApi.signup;
import static io.blogimages.auth.AuthApi.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The account database out of reach: a 503 the client may retry, not a 500, and no failed call once it is back. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = {
        @ResourceArg(name = "database", value = "auth"), @ResourceArg(name = "gate", value = "true")})
class DatabaseOutageTest {

    private static final String PASSWORD = "a good password";

    @Test
    void anOutageIs503WithRetryAfterAndNoCallFailsOnceTheDatabaseIsBack() throws Exception {
        String name = uniqueName("outage");
        signup(name, PASSWORD).then().statusCode(201);
        String token = login(name, PASSWORD).then().statusCode(200).extract().path("accessToken");
        concurrentCallsAllSucceed(token); // the pool now holds several connections

        PostgresControl.stop();
        try {
            List<Response> answers = List.of(
                    login(name, PASSWORD),
                    signup(uniqueName("later"), PASSWORD),
                    client().auth().oauth2(token).get("/api/auth/me"));
            for (Response answer : answers) {
                answer.then().log().ifValidationFails()
                        .statusCode(503)
                        .contentType("application/problem+json")
                        .header("Retry-After", "5")
                        .body("type", equalTo("urn:blog-images:problem:dependency-unavailable"));
            }
            // The keys come from files, not the database: verifiers can still fetch them.
            client().get("/api/auth/jwks").then().statusCode(200);
            // A failover takes seconds, through which most pooled connections sit idle.
            Thread.sleep(1500);
        } finally {
            PostgresControl.start();
        }

        // At once: no call may fail on a pooled connection that the outage cut.
        concurrentCallsAllSucceed(token);
        login(name, PASSWORD).then().statusCode(200);
    }

    private static void concurrentCallsAllSucceed(String token) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(pool.submit(() -> client().auth().oauth2(token).get("/api/auth/me")));
            }
            for (Future<Response> call : calls) {
                Response answer = call.get();
                assertEquals(200, answer.statusCode(), answer.asString());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
