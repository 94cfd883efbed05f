package io.blogimages.gateway.ratelimit;

import io.blogimages.gateway.StackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.blogimages.gateway.GatewayApi.client;
import static io.blogimages.gateway.GatewayApi.randomIp;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(StackResource.class)
class RateLimitTest {

    @Test
    void loginsArePerAddressStrictlyLimited() {
        String ip = randomIp();
        for (int i = 0; i < 10; i++) {
            // distinct accounts, so the auth service's own per-account throttle stays out of the way
            client(ip).contentType(ContentType.JSON).body(Map.of("username", "nobody" + i, "password", "wrong password"))
                    .post("/api/auth/login").then()
                    .statusCode(401)
                    .header("RateLimit-Limit", "10")
                    .header("RateLimit-Remaining", Integer.toString(9 - i));
        }
        client(ip).contentType(ContentType.JSON).body(Map.of("username", "nobody", "password", "wrong password"))
                .post("/api/auth/login").then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("status", equalTo(429))
                .header("Retry-After", notNullValue())
                .header("RateLimit-Remaining", "0")
                .header("RateLimit-Reset", notNullValue());
        // the strict limit is the auth one: the same address may still read, and others may still log in
        client(ip).get("/api/auth/jwks").then().statusCode(200).header("RateLimit-Limit", "600");
        client(randomIp()).contentType(ContentType.JSON).body(Map.of("username", "nobody-else", "password", "wrong password"))
                .post("/api/auth/login").then().statusCode(401);
    }

    @Test
    void theGeneralLimitIsAnnounced() {
        client().get("/api/posts/any/images").then()
                .statusCode(200)
                .header("RateLimit-Limit", "600")
                .header("RateLimit-Remaining", "599");
    }
}
