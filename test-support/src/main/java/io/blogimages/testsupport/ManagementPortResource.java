package io.blogimages.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * A free loopback port for the management interface (health, metrics, OpenAPI) of the application under test.
 *
 * <p>{@code @QuarkusTest} needs none: {@code quarkus.management.test-port=0} binds a random port and Quarkus
 * publishes the one it got. A packaged application under {@code @QuarkusIntegrationTest} is launched with
 * {@code -Dquarkus.management.port=0} (the parent pom's {@code quarkus.test.arg-line}), so two test runs never
 * meet on 9000, and nobody learns which port it took; a test that calls the management interface of the packaged
 * application takes this resource, whose port is passed to the launch after the arg line (the later
 * {@code -D} wins) and, as {@code quarkus.management.test-port}, to {@code @TestHTTPResource(management = true)}.
 */
public class ManagementPortResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String port = String.valueOf(FreePort.pick());
        return Map.of(
                "quarkus.management.host", "127.0.0.1",
                "quarkus.management.port", port,
                "quarkus.management.test-port", port);
    }

    @Override
    public void stop() {
    }
}
