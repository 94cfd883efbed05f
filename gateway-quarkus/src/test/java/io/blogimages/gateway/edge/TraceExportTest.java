package io.blogimages.gateway.edge;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.blogimages.gateway.GatewayApi.client;
import static io.blogimages.gateway.edge.TracePropagationTest.randomHex;
import static io.blogimages.gateway.edge.TracePropagationTest.traceparentsFor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With an OTLP endpoint configured, traces are sampled and the gateway's spans reach the collector. */
@QuarkusTest
@WithTestResource(value = RecordingBackend.class, initArgs = @ResourceArg(name = "collector", value = "true"))
class TraceExportTest {

    @Test
    void sampledSpansAreExportedAndTheServiceJoinsTheTrace() throws InterruptedException {
        String traceId = randomHex(16);
        String requestId = UUID.randomUUID().toString();
        client().header("X-Request-Id", requestId).header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                .get("/api/posts/p/images").then().statusCode(200);

        String[] forwarded = traceparentsFor(requestId);
        assertEquals(1, forwarded.length);
        String[] parts = forwarded[0].split("-");
        assertEquals(traceId, parts[1]);
        assertEquals("01", parts[3], "sampled: the services record their part of the trace too");

        // The OTLP/protobuf batch carries the 16 trace-ID bytes as they are.
        boolean exported = false;
        for (int attempt = 0; attempt < 100 && !exported; attempt++) {
            Thread.sleep(100);
            exported = given().baseUri(RecordingBackend.url()).get("/recorded/collector").then().statusCode(200)
                    .extract().asString().contains(traceId);
        }
        assertTrue(exported, "the gateway's spans of the trace reached the collector");
    }

    @Test
    void newTracesAreSampled() {
        String requestId = UUID.randomUUID().toString();
        client().header("X-Request-Id", requestId).get("/api/auth/jwks").then().statusCode(200);
        assertTrue(traceparentsFor(requestId)[0].endsWith("-01"), "a new trace is sampled at ratio 1.0");
    }
}
