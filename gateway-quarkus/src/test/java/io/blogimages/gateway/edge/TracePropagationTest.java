package io.blogimages.gateway.edge;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.blogimages.gateway.GatewayApi.client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * W3C trace context reaches the services through the gateway; with no OTLP endpoint configured (the default),
 * nothing is sampled, so the exporter Quarkus builds in never has anything to send.
 */
@QuarkusTest
@WithTestResource(RecordingBackend.class)
class TracePropagationTest {

    static final String TRACEPARENT = "00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})";

    @Test
    void aCallersTraceContinuesToTheServiceUnsampled() {
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);
        String requestId = UUID.randomUUID().toString();
        client().header("X-Request-Id", requestId).header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .get("/api/posts/p/images").then().statusCode(200);

        String[] forwarded = traceparentsFor(requestId);
        assertEquals(1, forwarded.length, "exactly one traceparent reaches the service");
        assertTrue(forwarded[0].matches(TRACEPARENT), forwarded[0]);
        String[] parts = forwarded[0].split("-");
        assertEquals(traceId, parts[1], "the caller's trace goes on");
        assertNotEquals(callerSpan, parts[2], "the gateway's own span is the service's parent");
        assertEquals("00", parts[3], "not sampled while no collector is configured");
    }

    @Test
    void aCallWithoutTraceContextStartsATrace() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        client().header("X-Request-Id", first).get("/api/auth/jwks").then().statusCode(200);
        client().header("X-Request-Id", second).get("/api/auth/jwks").then().statusCode(200);

        String[] one = traceparentsFor(first);
        String[] two = traceparentsFor(second);
        assertEquals(1, one.length);
        assertTrue(one[0].matches(TRACEPARENT), one[0]);
        assertNotEquals(one[0].split("-")[1], two[0].split("-")[1], "each call is its own trace");
    }

    /** The traceparent values the recording backend saw on the request with this ID. */
    static String[] traceparentsFor(String requestId) {
        return RecordingBackend.recordedHeaders(requestId).getOrDefault("traceparent", List.of())
                .toArray(String[]::new);
    }

    static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never the invalid all-zero ID
        return HexFormat.of().formatHex(random);
    }
}
