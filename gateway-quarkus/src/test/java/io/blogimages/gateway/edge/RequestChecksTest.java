package io.blogimages.gateway.edge;

import io.blogimages.gateway.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One canonical path: a path with a second spelling is refused before routing, rate limiting and the edge token
 * check see it, so none of them can be told one thing while the backend hears another. Also header values with
 * control characters. Written by hand, since HTTP clients clean up such requests before sending.
 */
@QuarkusTest
@WithTestResource(RecordingBackend.class)
class RequestChecksTest {

    /** Each is another spelling of a path that exists, or a way around a check. */
    static final List<String> NON_CANONICAL = List.of(
            "/api/auth//login", "//api/auth/login", "/api//images/k.png", "/api/posts//p/images",
            "/api/auth/%6cogin", "/api/auth/%6Cogin", "/api/%61uth/login", "/%61pi/auth/login", "/api/auth/logi%6E",
            "/api/images/./k.png", "/api/images/../auth/login", "/api/images/k.png/..", "/api/posts/p/images/.",
            "/api/images/%2e%2e/auth/login", "/api/images/%2E/k.png",
            "/api/images%2Fk.png", "/api/images%2fk.png", "/api/posts/p%2F..%2F..%2Fauth/images",
            "/api/images/%5c..%5cauth", "/api/auth/login;jsessionid=1", "/api/images/k.png;v=1",
            "/api/auth/login/", "/api/images/k.png/", "/api/posts/p/images/",
            "/api/images/%00", "/api/images/a%0Ab", "/api/images/%7F", "/api/images/k%7e.png", "/api/images/k%5F.png");

    /** Not even a URI: Vert.x' parser refuses these itself, with a bare 400 (as nginx does). */
    static final List<String> MALFORMED = List.of("/api/images\\k.png", "/api/images/%zz", "/api/images/%4", "/api/images/%");

    @Test
    void nonCanonicalPathsAreRefusedAndNeverReachABackend() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String path : NON_CANONICAL) {
            for (String method : List.of("GET", "POST", "DELETE")) {
                String requestId = UUID.randomUUID().toString();
                RawHttp.Response response = RawHttp.once(RestAssured.port, method, path,
                        "X-Request-Id: " + requestId, "Content-Length: 0");
                if (response.status() != 400 || !"application/problem+json".equals(response.header("Content-Type"))
                        || !response.bodyText().contains("\"requestId\":\"" + requestId + "\"")
                        || RecordingBackend.timesReceived(requestId) != 0) {
                    failures.add(method + " " + path + " -> " + response.statusLine() + " " + response.bodyText());
                }
            }
        }
        for (String path : MALFORMED) {
            String requestId = UUID.randomUUID().toString();
            RawHttp.Response response = RawHttp.once(RestAssured.port, "GET", path, "X-Request-Id: " + requestId);
            if (response.status() != 400 || RecordingBackend.timesReceived(requestId) != 0) {
                failures.add("GET " + path + " -> " + response.statusLine());
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void canonicalPathsStillPass() throws IOException {
        for (String path : List.of("/api/posts/post-1_A/images", "/api/images/AbC-_x.png", "/api/auth/jwks",
                "/api/images/AbC.png?download=%2F..%2F")) {
            assertEquals(200, RawHttp.once(RestAssured.port, "GET", path).status(), path);
        }
    }

    @Test
    void controlCharactersInHeaderValuesAreRefusedWithAProblem() throws IOException {
        // C1 controls arrive as obs-text (Netty refuses C0 controls and DEL itself, with a bare 400)
        for (String value : List.of("a\u0085b", "a\u009bb", "\u0080")) {
            String requestId = UUID.randomUUID().toString();
            RawHttp.Response response = RawHttp.once(RestAssured.port, "GET", "/api/posts/p/images",
                    "X-Request-Id: " + requestId, "X-Note: " + value);
            assertEquals(400, response.status(), value);
            assertEquals("application/problem+json", response.header("Content-Type"));
            assertEquals(0, RecordingBackend.timesReceived(requestId));
        }
        for (String value : List.of("a\u0001b", "a\u0000b", "a\u007fb", "a\rb")) {
            RawHttp.Response response = RawHttp.once(RestAssured.port, "GET", "/api/posts/p/images", "X-Note: " + value);
            assertEquals(400, response.status(), response.statusLine());
        }
    }

    @Test
    void pathRulesAsAFunction() {
        for (String path : NON_CANONICAL) {
            assertTrue(RequestChecks.pathProblem(path) != null, path);
        }
        for (String path : MALFORMED) {
            assertTrue(RequestChecks.pathProblem(path) != null, path);
        }
        for (String path : List.of("/", "/index.html", "/admin.js", "/api/posts/p/images", "/api/images/k.png/thumbnail",
                "/api/auth/users/ann.b-c_d/roles", "/api/images/k%20x", "/webjars/dropzone/5.9.3/dist/min/dropzone.min.js")) {
            assertEquals(null, RequestChecks.pathProblem(path), path);
        }
        assertFalse(RequestChecks.pathProblem("*") == null);
    }

    @Test
    void logTextCannotEndALine() {
        assertEquals("a\\nINFO forged\\r\\u0085\\u2028\\\\n", LogText.escape("a\nINFO forged\r\u0085\u2028\\n"));
        assertEquals("plain /api/images/k.png", LogText.escape("plain /api/images/k.png"));
    }
}
