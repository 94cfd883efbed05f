package io.blogimages.gateway.edge;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.blogimages.gateway.GatewayApi.client;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * No other origin can read a token or an answer made with the admin's credentials: CORS is granted only to the
 * configured blog origins, only for public image reads, never with credentials.
 */
@QuarkusTest
@WithTestResource(RecordingBackend.class)
class PublicReadCorsTest {

    private static final String BLOG = "https://blog.example.com";

    @Test
    void blogsMayReadPublicImagesFromScripts() {
        for (String path : List.of("/api/images/k.png", "/api/images/k.png/thumbnail", "/api/posts/p/images")) {
            client().header("Origin", BLOG).get(path).then()
                    .statusCode(200)
                    .header("Access-Control-Allow-Origin", BLOG)
                    .header("Access-Control-Allow-Credentials", nullValue())
                    .header("Access-Control-Expose-Headers", containsString("ETag"))
                    .header("Vary", containsString("Origin"));
            client().header("Origin", BLOG).header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "If-None-Match, Range")
                    .options(path).then()
                    .statusCode(204)
                    .header("Access-Control-Allow-Origin", BLOG)
                    .header("Access-Control-Allow-Methods", "GET, HEAD")
                    .header("Access-Control-Allow-Credentials", nullValue());
        }
    }

    @Test
    void tokenEndpointsAndWritesGetNoCorsAtAll() {
        for (String path : List.of("/api/auth/login", "/api/auth/refresh", "/api/auth/logout", "/api/auth/me",
                "/api/posts/p/images", "/api/images/k.png")) {
            for (String method : List.of("POST", "PUT", "DELETE")) {
                client().header("Origin", BLOG).header("Access-Control-Request-Method", method)
                        .header("Access-Control-Request-Headers", "Content-Type, Authorization")
                        .options(path).then()
                        .statusCode(403)
                        .contentType("application/problem+json")
                        .header("Access-Control-Allow-Origin", nullValue())
                        .header("Access-Control-Allow-Credentials", nullValue());
            }
        }
        client().header("Origin", BLOG).contentType("application/json").body("{}")
                .post("/api/auth/refresh").then()
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Credentials", nullValue());
        client().header("Origin", BLOG).get("/api/auth/me").then()
                .header("Access-Control-Allow-Origin", nullValue());
        // a read that asks for credentials or other headers is refused too
        client().header("Origin", BLOG).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "Authorization")
                .options("/api/images/k.png").then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void otherOriginsGetNothing() {
        client().header("Origin", "https://evil.example.net").get("/api/images/k.png").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        client().header("Origin", "https://evil.example.net").header("Access-Control-Request-Method", "GET")
                .options("/api/images/k.png").then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue())
                .body("title", equalTo("Forbidden"));
        client().header("Origin", "null").get("/api/images/k.png").then()
                .header("Access-Control-Allow-Origin", not(equalTo("null")));
    }
}
