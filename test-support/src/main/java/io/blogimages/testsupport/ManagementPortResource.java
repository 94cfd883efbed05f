package io.blogimages.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;

/**
 * A free loopback port for the management interface (health, metrics, OpenAPI) of the application under test.
 *
 * <p>{@code @QuarkusTest} needs none: {@code quarkus.management.test-port=0} binds a random port and Quarkus
 * publishes the one it got. A packaged application under {@code @QuarkusIntegrationTest} is launched with
 * {@code -Dquarkus.management.port=0} (the parent pom's {@code quarkus.test.arg-line}), so two test runs never
 * meet on 9000, and nobody learns which port it took; a test that calls the management interface of the packaged
 * application takes this resource, whose port is passed to the launch after the arg line (the later
 * {@code -D} wins) and reaches the test's configuration as {@code quarkus.management.test-port}.
 *
 * <p>Tests find the port with {@link #port()}: {@code @TestHTTPResource(management = true)} resolves to the
 * default 9001 in Quarkus 3.31 whatever port was bound.
 */
public class ManagementPortResource implements QuarkusTestResourceLifecycleManager {

    /**
     * The management port of the application under test: this resource's, or the random one a
     * {@code @QuarkusTest} bound (Quarkus publishes it as {@code quarkus.management.test-port}).
     */
    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

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
