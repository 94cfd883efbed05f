package io.blogimages.auth.api;

import io.blogimages.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static io.blogimages.auth.AuthApi.client;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service continues the trace the gateway passes on (W3C traceparent): its log lines for the call carry
 * that trace ID, although nothing is sampled while no OTLP endpoint is configured.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class TraceContextTest {

    @Test
    void theCallersTraceIdIsOnTheServicesLogLines() throws IOException {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        client().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-00")
                .body(Map.of("username", "Root-Admin", "password", "root-admin-password"))
                .post("/api/auth/login").then().statusCode(200);

        String log = Files.readString(Path.of("target/auth-test.log"));
        assertTrue(log.lines().anyMatch(line -> line.contains("event=LOGIN_SUCCESS") && line.contains("trace=" + traceId)),
                "the login event is logged with the caller's trace ID");
    }
}
