package io.blogimages.gateway.edge;

import io.blogimages.gateway.StackResource;
import io.blogimages.testsupport.ManagementPortResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static io.blogimages.gateway.GatewayApi.adminToken;
import static io.blogimages.gateway.GatewayApi.client;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One access-log line per request, with the request ID, route and upstream, never the token; and metrics. */
@QuarkusTest
@WithTestResource(StackResource.class)
class AccessLogTest {

    private static final Path LOG = Path.of("target/gateway-test.log");

    @Test
    void eachRequestIsLoggedOnceWithoutItsToken() throws IOException {
        String token = adminToken();
        client().header("X-Request-Id", "access-log-1").auth().oauth2(token).get("/api/auth/me").then().statusCode(200);
        // The test profile logs to a file in JSON, as prod does to the console: the fields are JSON fields.
        // The line is written when the response has ended, which can be just after the client has read it.
        List<JsonNode> lines = awaitAccessLines("access-log-1");
        String log = Files.readString(LOG);
        assertEquals(1, lines.size(), "one access line for the request");
        JsonNode fields = lines.getFirst().path("mdc");
        assertEquals("GET", fields.path("method").asText());
        assertEquals("/api/auth/me", fields.path("path").asText());
        assertEquals("200", fields.path("status").asText());
        assertEquals("auth", fields.path("route").asText());
        assertTrue(fields.path("upstream").asText().startsWith("127.0.0.1:"), fields.toString());
        assertTrue(fields.path("userId").asText().matches("[0-9a-f-]{36}"), fields.toString());
        assertTrue(fields.path("clientIp").asText().startsWith("198.51."), fields.toString());
        assertTrue(fields.path("durationMs").asLong() >= 0 && fields.path("bytes").asLong() > 0, fields.toString());
        assertFalse(log.contains(token) || log.contains(token.split("\\.")[2]), "a token reached the log");
    }

    private static List<JsonNode> accessLines(String log, String requestId) {
        ObjectMapper json = new ObjectMapper();
        return log.lines().map(l -> read(json, l))
                .filter(l -> "io.blogimages.gateway.access".equals(l.path("loggerName").asText()))
                .filter(l -> requestId.equals(l.path("mdc").path("requestId").asText()))
                .toList();
    }

    private static List<JsonNode> awaitAccessLines(String requestId) throws IOException {
        List<JsonNode> lines = accessLines(Files.readString(LOG), requestId);
        for (int attempt = 1; lines.isEmpty() && attempt < 100; attempt++) {
            pause(attempt);
            lines = accessLines(Files.readString(LOG), requestId);
        }
        return lines;
    }

    private static void pause(int attempt) {
        if (attempt == 0) {
            return;
        }
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    @Test
    void callsAreTimedPerRouteAndUpstream() {
        client().get("/api/auth/jwks").then().statusCode(200);
        // Like the log line, the timing is recorded when the response has ended.
        String metrics = "";
        for (int attempt = 0; attempt < 100 && !metrics.contains("route=\"auth\""); attempt++) {
            pause(attempt);
            metrics = given().port(ManagementPortResource.port()).accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        }
        assertTrue(metrics.contains("gateway_requests_seconds_bucket{"), "histogram buckets are published");
        assertTrue(metrics.contains("route=\"auth\""), "the auth route is timed");
    }
}
