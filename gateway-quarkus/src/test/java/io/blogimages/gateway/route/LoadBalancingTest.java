package io.blogimages.gateway.route;

import io.blogimages.gateway.StackControl;
import io.blogimages.gateway.StackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.blogimages.gateway.GatewayApi.adminToken;
import static io.blogimages.gateway.GatewayApi.client;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Two image instances: losing one costs no GET; losing both is a clean 503, then the breaker opens. */
@QuarkusTest
@WithTestResource(StackResource.class)
class LoadBalancingTest {

    @Test
    void getsStillSucceedWithOneOfTwoInstancesKilled() {
        StackControl.stop("image-1");
        try {
            for (int i = 0; i < 20; i++) {
                client().get("/api/posts/balanced-" + i + "/images").then().statusCode(200);
            }
        } finally {
            StackControl.start("image-1");
        }
        for (int i = 0; i < 10; i++) {
            client().get("/api/posts/balanced-" + i + "/images").then().statusCode(200);
        }
    }

    @Test
    void allInstancesDownIs503AndThenTheBreakerAnswersAtOnce() {
        String token = adminToken();
        StackControl.stop("image-1");
        StackControl.stop("image-2");
        try {
            client().get("/api/posts/down/images").then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("status", equalTo(503));
            client().auth().oauth2(token).delete("/api/posts/down-" + UUID.randomUUID() + "/images").then()
                    .statusCode(503).contentType("application/problem+json");
            String lastDetail = "";
            for (int i = 0; i < 30; i++) {
                lastDetail = client().get("/api/posts/down/images").then().statusCode(503).extract().path("detail");
            }
            org.hamcrest.MatcherAssert.assertThat(lastDetail, containsString("paused"));
        } finally {
            StackControl.start("image-1");
            StackControl.start("image-2");
        }
        // once the breaker's delay has passed, calls go through again
        long deadline = System.currentTimeMillis() + 30_000;
        int status = 0;
        while (System.currentTimeMillis() < deadline && status != 200) {
            status = client().get("/api/posts/back/images").statusCode();
            sleep(500);
        }
        org.junit.jupiter.api.Assertions.assertEquals(200, status);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
