package io.blogimages.gateway.route;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged gateway (jar here, native executable with -Pnative). */
@QuarkusIntegrationTest
class RoutingIT extends RoutingTest {
}
